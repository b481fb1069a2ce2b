package org.gridgate.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.bouncycastle.cert.jcajce.JcaX509v2CRLBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.gridgate.caveat.SecretStore;
import org.gridgate.certs.CertificateAuthority;
import org.gridgate.certs.DevPki;
import org.gridgate.certs.GridCredential;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code config check} and the checks {@code serve} runs first: one problem per mistake an administrator makes on a
 * first production door, each one line naming the file, the line and the key, and what to do.
 */
class ConfigCheckTest {

    @TempDir
    Path dir;

    private DevPki pki;
    private Path file;
    private int port;

    @BeforeEach
    void goodConfiguration() throws Exception {
        pki = DevPki.createOrReuse(dir.resolve("pki"));
        Files.createDirectories(dir.resolve("data"));
        Files.writeString(dir.resolve("policy.yaml"), String.join("\n",
                "rules:",
                "  - name: readers",
                "    match: {dn: \"" + DevPki.USER_DN + "\"}",
                "    allow: {activities: [LIST, DOWNLOAD], paths: [/data]}", ""));
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        file = dir.resolve("gateway.yaml");
        write(yaml());
    }

    /** The configuration as an administrator writes it, with the key lines at known lines (listed in comments). */
    private String yaml() {
        return String.join("\n",
                "listen:",                                                            // 1
                "  host: localhost",                                                  // 2
                "  port: " + port,                                                    // 3
                "tls:",                                                               // 4
                "  certificate: " + pki.hostCertificate(),                            // 5
                "  key: " + pki.hostKey(),                                            // 6
                "  provider: jdk",                                                    // 7
                "grid:",                                                              // 8
                "  ca-directory: " + pki.caDirectory(),                               // 9
                "storage:",                                                           // 10
                "  root: " + dir.resolve("data"),                                     // 11
                "macaroons:",                                                         // 12
                "  secret-file: " + dir.resolve("secrets"),                           // 13
                "policy: " + dir.resolve("policy.yaml"),                              // 14
                "");
    }

    private void write(String content) throws Exception {
        Files.writeString(file, content);
    }

    private ConfigCheck.Result check() {
        return ConfigCheck.run(file, Clock.systemUTC(), true);
    }

    private List<String> lines() {
        return check().problems().stream().map(ConfigProblem::toString).toList();
    }

    @Test
    void aGoodConfigurationHasNoProblems() {
        ConfigCheck.Result result = check();
        assertThat(result.problems()).isEmpty();
        assertThat(result.config()).isPresent();
    }

    @Test
    void theVolunteersCertificateIsCheckedLikeTheHosts() throws Exception {
        String volunteers = "  volunteers:\n    certificate: " + dir.resolve("missing.pem") + "\n    key: "
                + pki.userKey() + "\n    host-names: [volunteers.localhost]\n";
        write(yaml().replace("  provider: jdk\n", "  provider: jdk\n" + volunteers));
        assertThat(lines()).singleElement().asString().contains("tls.volunteers.certificate")
                .contains("does not exist");

        write(yaml().replace("  provider: jdk\n", "  provider: jdk\n" + volunteers.replace(
                dir.resolve("missing.pem").toString(), pki.hostCertificate().toString())));
        assertThat(lines()).singleElement().asString().contains("tls.volunteers.key");

        write(yaml().replace("  provider: jdk\n", "  provider: jdk\n" + volunteers
                .replace(dir.resolve("missing.pem").toString(), pki.hostCertificate().toString())
                .replace(pki.userKey().toString(), pki.hostKey().toString())));
        assertThat(lines()).isEmpty();
    }

    @Test
    void zooKeeperWithoutAnAuthFileIsAWarningAndAnAuthFileOthersMayReadIsAnError() throws Exception {
        write(yaml() + "zookeeper:\n  connect: 127.0.0.1:2181\n");
        assertThat(check().warnings()).singleElement().asString().contains("zookeeper: no auth-file")
                .contains("set zookeeper.auth-file");
        assertThat(check().errors()).isEmpty();

        java.nio.file.Path auth = java.nio.file.Files.writeString(dir.resolve("zookeeper.auth"), "gridgate:pw\n");
        java.nio.file.Files.setPosixFilePermissions(auth,
                java.nio.file.attribute.PosixFilePermissions.fromString("rw-r-----"));
        write(yaml() + "zookeeper:\n  connect: 127.0.0.1:2181\n  auth-file: " + auth + "\n");
        assertThat(lines()).singleElement().asString().contains("zookeeper.auth-file: " + auth
                + " may be read or written by others; chmod 600 it");

        java.nio.file.Files.setPosixFilePermissions(auth,
                java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        assertThat(check().problems()).isEmpty();
    }

    @Test
    void aTabIsNamedWithItsLine() throws Exception {
        write(yaml().replace("  key: ", "\tkey: "));
        assertThat(lines()).singleElement().asString()
                .startsWith(file + ":6: ").contains("tab").contains("spaces");
    }

    @Test
    void badIndentationPointsAtTheLineThatIsOff() throws Exception {
        write(yaml().replace("  key: ", "   key: "));
        assertThat(lines()).singleElement().asString().startsWith(file + ":6: ").contains("indent");
    }

    @Test
    void anUnknownKeyHasItsLineAndTheKnownKeys() throws Exception {
        write(yaml().replace("  provider: jdk", "  provder: jdk"));
        assertThat(lines()).singleElement().asString()
                .startsWith(file + ":7: tls.provder: unknown key; the keys here are: certificate, key, provider,"
                        + " volunteers");
    }

    @Test
    void aNumberThatIsNoneIsSaidInPlainWords() throws Exception {
        write(yaml().replace("  port: " + port, "  port: 84x3"));
        assertThat(lines()).singleElement().asString()
                .isEqualTo(file + ":3: listen.port: \"84x3\" is not a whole number; give a whole number here");
    }

    @Test
    void anUnknownChoiceListsTheChoices() throws Exception {
        write(yaml().replace("provider: jdk", "provider: fast"));
        assertThat(lines()).singleElement().asString().isEqualTo(file + ":7: tls.provider: \"fast\" is not one of: "
                + "auto, jdk, openssl; give one of: auto, jdk, openssl here");
    }

    @Test
    void aKeyGivenTwiceIsNamedWithBothLines() throws Exception {
        write(yaml() + "policy: /elsewhere.yaml\n");
        assertThat(lines()).singleElement().asString()
                .isEqualTo(file + ":15: policy: given twice (also on line 14); keep one of them");
    }

    @Test
    void aMissingKeyIsNamedAtItsSection() throws Exception {
        write(yaml().replace("  key: " + pki.hostKey() + "\n", ""));
        assertThat(lines()).singleElement().asString().startsWith(file + ":4: tls.key: missing; give the host key");
    }

    @Test
    void anOptionalFileThatIsConfiguredButAbsentIsNamedByItsKey() throws Exception {
        write(yaml().replace("grid:\n", "grid:\n  grid-mapfile: /nonexistent/grid-mapfile\n"));
        assertThat(lines()).singleElement().asString().isEqualTo(file + ":9: grid.grid-mapfile: "
                + "/nonexistent/grid-mapfile does not exist; create it, or remove the key (it is optional: without "
                + "it there is no DN-to-account mapping)");
    }

    @Test
    void aMissingCaDirectoryIsOneLineNamingTheKey() throws Exception {
        write(yaml().replace("ca-directory: " + pki.caDirectory(), "ca-directory: /nonexistent/certificates"));
        assertThat(lines()).singleElement().asString().startsWith(file + ":9: grid.ca-directory: "
                + "/nonexistent/certificates does not exist; install the IGTF CA certificates there");
    }

    @Test
    void aCaDirectoryWithoutHashedCertificatesIsRefused() throws Exception {
        Path empty = Files.createDirectories(dir.resolve("empty-certificates"));
        write(yaml().replace("ca-directory: " + pki.caDirectory(), "ca-directory: " + empty));
        assertThat(check().errors()).singleElement().asString()
                .contains("grid.ca-directory: " + empty + " holds no CA certificate named <subject hash>.0");
    }

    @Test
    void aStaleCrlIsAWarning() throws Exception {
        CertificateAuthority ca = pki.certificateAuthority();
        Path crl = Files.list(pki.caDirectory()).filter(p -> p.getFileName().toString().matches("[0-9a-f]{8}\\.r0"))
                .findFirst().orElseThrow();
        Instant past = Instant.now().minus(Duration.ofDays(10));
        JcaX509v2CRLBuilder builder = new JcaX509v2CRLBuilder(ca.certificate(), Date.from(past));
        builder.setNextUpdate(Date.from(past.plus(Duration.ofDays(1))));
        java.security.PrivateKey caKey = GridCredential.read(pki.caCertificate(),
                pki.caCertificate().resolveSibling("ca.key")).key();
        byte[] der = builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(caKey)).getEncoded();
        Files.delete(crl);
        Files.writeString(crl, "-----BEGIN X509 CRL-----\n"
                + java.util.Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
                + "\n-----END X509 CRL-----\n");

        ConfigCheck.Result result = check();
        assertThat(result.errors()).isEmpty();
        assertThat(result.warnings()).singleElement().asString()
                .startsWith(file + ":9: warning: grid.ca-directory: the CRL " + crl).contains("is stale", "fetch-crl");
    }

    @Test
    void aMissingStorageRootNamesTheKey() throws Exception {
        write(yaml().replace("root: " + dir.resolve("data"), "root: /nonexistent/data"));
        assertThat(lines()).singleElement().asString().startsWith(file + ":11: storage.root: /nonexistent/data "
                + "does not exist; create the directory");
    }

    @Test
    void aKeyOfAnotherCertificateIsRefused() throws Exception {
        write(yaml().replace("key: " + pki.hostKey(), "key: " + pki.userKey()));
        assertThat(lines()).singleElement().asString().startsWith(file + ":6: tls.key: " + pki.userKey()
                + " does not belong to tls.certificate " + pki.hostCertificate());
    }

    @Test
    void anExpiredHostCertificateIsRefused() throws Exception {
        Path expired = hostCertificate("localhost", Duration.ofHours(-1));
        assertThat(check().errors()).singleElement().asString()
                .startsWith(file + ":5: tls.certificate: " + expired + " expired on ").endsWith("renewed host certificate");
    }

    @Test
    void aCertificateThatExpiresSoonIsAWarning() throws Exception {
        hostCertificate("localhost", Duration.ofDays(3));
        assertThat(check().problems()).singleElement().satisfies(problem -> {
            assertThat(problem.warning()).isTrue();
            assertThat(problem.toString()).contains("tls.certificate:", "expires on", "renew it");
        });
    }

    @Test
    void aCertificateForAnotherHostIsAWarning() throws Exception {
        hostCertificate("other.example.org", Duration.ofDays(365));
        assertThat(check().problems()).singleElement().satisfies(problem -> {
            assertThat(problem.warning()).isTrue();
            assertThat(problem.toString()).contains("is issued for DNS:other.example.org, not for localhost");
        });
    }

    /** Replaces the configured host credential with one for {@code host}, valid for {@code validity}. */
    private Path hostCertificate(String host, Duration validity) throws Exception {
        GridCredential credential = pki.certificateAuthority().issueHost(host, validity, false);
        Path certificate = dir.resolve("hostcert-" + host + ".pem");
        Path key = dir.resolve("hostkey-" + host + ".pem");
        credential.write(certificate, key);
        write(yaml().replace("certificate: " + pki.hostCertificate(), "certificate: " + certificate)
                .replace("key: " + pki.hostKey(), "key: " + key));
        X509Certificate written = HostCredential.certificate(certificate);
        assertThat(written.getSerialNumber()).isNotEqualTo(BigInteger.ZERO);
        return certificate;
    }

    @Test
    void aPolicyWithAMistakeIsNamedWithItsLine() throws Exception {
        Files.writeString(dir.resolve("policy.yaml"), "rules:\n  - name: no-allow\n    match: {vo: atlas}\n");
        assertThat(lines()).singleElement().asString().startsWith(file + ":14: policy: ")
                .contains(dir.resolve("policy.yaml").toString(), "no-allow");
    }

    @Test
    void aMissingPolicyIsNamed() throws Exception {
        Files.delete(dir.resolve("policy.yaml"));
        assertThat(lines()).singleElement().asString().startsWith(file + ":14: policy: " + dir.resolve("policy.yaml")
                + " does not exist");
    }

    @Test
    void aSecretsFileOthersCanReadIsRefused() throws Exception {
        SecretStore.openOrCreate(dir.resolve("secrets"), Clock.systemUTC());
        Files.setPosixFilePermissions(dir.resolve("secrets"), PosixFilePermissions.fromString("rw-r--r--"));
        assertThat(lines()).singleElement().asString().startsWith(file + ":13: macaroons.secret-file: ")
                .contains("accessible by group or others", "chmod 600");
    }

    @Test
    void doorsSharingThroughZooKeeperNeedNoSecretsFile() throws Exception {
        // Secrets and revocations are in ZooKeeper, which serve reaches at start (one line if it cannot).
        Path auth = Files.writeString(dir.resolve("zookeeper.auth"), "gridgate:pw\n");
        Files.setPosixFilePermissions(auth, PosixFilePermissions.fromString("rw-------"));
        write(yaml().replace("  secret-file: " + dir.resolve("secrets") + "\n", "  max-lifetime: P7D\n")
                + "zookeeper: {connect: \"127.0.0.1:2181\", auth-file: " + auth + "}\n");
        assertThat(check().problems()).isEmpty();
    }

    @Test
    void aPortInUseIsNamed() throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress("localhost", port));
            assertThat(lines()).singleElement().asString()
                    .startsWith(file + ":3: listen.port: localhost:" + port + " is in use by another process");
        }
    }

    @Test
    void severalProblemsAreAllReportedInOneRun() throws Exception {
        write(yaml().replace("root: " + dir.resolve("data"), "root: /nonexistent/data")
                .replace("ca-directory: " + pki.caDirectory(), "ca-directory: /nonexistent/certificates"));
        assertThat(lines()).hasSize(2).allSatisfy(line -> assertThat(line).startsWith(file + ":"));
    }
}
