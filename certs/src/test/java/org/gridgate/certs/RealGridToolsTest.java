package org.gridgate.certs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Proxies made by the real grid tools (Globus grid-proxy-init, voms-proxy-fake, NorduGrid arcproxy) from the dev PKI's
 * user credential authenticate through {@link GridTrust}. Skipped when a tool is missing, failed then if CI=true.
 */
class RealGridToolsTest {
    private static final List<String> TESTVO_FQANS = List.of("/testvo/Role=NULL/Capability=NULL",
            "/testvo/prod/Role=production/Capability=NULL");

    @TempDir
    static Path dir;
    static DevPki pki;
    static Path vomsDirectory;
    static GridTrust trust;

    @BeforeAll
    static void openTrust() throws IOException {
        pki = DevPki.createOrReuse(dir.resolve("pki"));
        vomsDirectory = dir.resolve("vomsdir");
        // The dev host certificate doubles as the VOMS AA that voms-proxy-fake signs with.
        Files.createDirectories(vomsDirectory.resolve("testvo"));
        Files.writeString(vomsDirectory.resolve("testvo/localhost.lsc"),
                pki.host().dn() + "\n" + pki.certificateAuthority().dn() + "\n");
        trust = GridTrust.open(pki.caDirectory(), Optional.of(vomsDirectory), IdentityMapping.none());
    }

    @AfterAll
    static void closeTrust() {
        trust.close();
    }

    private static GridIdentity authenticate(Path proxyFile) throws Exception {
        return trust.authenticate(GridCredential.read(proxyFile).chain());
    }

    /**
     * {@code -verify} makes grid-proxy-init check the new proxy against the CA directory (and its signing policy).
     * Globus 7.3 on OpenSSL 3 cannot verify legacy proxies of a user certificate without keyCertSign (no real one has
     * it), so legacy proxies are made without it; GridTrust is what verifies them here.
     */
    private static Path gridProxyInit(String name, boolean verify, String... options) throws Exception {
        Path out = dir.resolve(name);
        List<String> command = new ArrayList<>(List.of("grid-proxy-init", "-bits", "2048",
                "-valid", "1:00", "-cert", pki.userCertificate().toString(), "-key", pki.userKey().toString(),
                "-certdir", pki.caDirectory().toString(), "-out", out.toString()));
        if (verify) {
            command.add("-verify");
        }
        command.addAll(List.of(options));
        ExternalTool.Result result = ExternalTool.run(command.toArray(String[]::new));
        assertThat(result.exitCode()).as(result.output()).isZero();
        return out;
    }

    private static Path vomsProxyFake(String name, GridCredential attributeAuthority) throws Exception {
        Path out = dir.resolve(name);
        Path aaCert = dir.resolve(name + "-aa-cert.pem");
        Path aaKey = dir.resolve(name + "-aa-key.pem");
        attributeAuthority.write(aaCert, aaKey);
        ExternalTool.Result result = ExternalTool.run(Map.of("HOME", dir.toString()), "voms-proxy-fake", "-rfc",
                "-cert", pki.userCertificate().toString(), "-key", pki.userKey().toString(),
                "-certdir", pki.caDirectory().toString(), "-hostcert", aaCert.toString(), "-hostkey", aaKey.toString(),
                "-voms", "testvo", "-uri", "localhost:15000", "-fqan", TESTVO_FQANS.get(0), "-fqan", TESTVO_FQANS.get(1),
                "-hours", "1", "-vomslife", "1", "-out", out.toString());
        assertThat(result.exitCode()).as(result.output()).isZero();
        return out;
    }

    @Test
    void gridProxyInitRfcProxyAuthenticates() throws Exception {
        GridIdentity identity = authenticate(gridProxyInit("globus-rfc.pem", true, "-rfc"));

        assertThat(identity.dn()).isEqualTo(pki.userDn());
        assertThat(identity.limitedProxy()).isFalse();
        assertThat(identity.fqans()).isEmpty();
    }

    @Test
    void gridProxyInitLegacyProxyAuthenticates() throws Exception {
        GridIdentity identity = authenticate(gridProxyInit("globus-legacy.pem", false, "-old"));

        assertThat(identity.dn()).isEqualTo(pki.userDn());
        assertThat(identity.limitedProxy()).isFalse();
    }

    @Test
    void gridProxyInitLimitedProxyIsFlagged() throws Exception {
        GridIdentity identity = authenticate(gridProxyInit("globus-limited.pem", true, "-limited"));

        assertThat(identity.dn()).isEqualTo(pki.userDn());
        assertThat(identity.limitedProxy()).isTrue();
    }

    @Test
    void gridProxyInitLegacyLimitedProxyIsFlagged() throws Exception {
        assertThat(authenticate(gridProxyInit("globus-legacy-limited.pem", false, "-old", "-limited")).limitedProxy())
                .isTrue();
    }

    @Test
    void vomsProxyFakeAttributesFromATrustedAaAreVerified() throws Exception {
        GridIdentity identity = authenticate(vomsProxyFake("voms.pem", pki.host()));

        assertThat(identity.dn()).isEqualTo(pki.userDn());
        assertThat(identity.vo()).contains("testvo");
        assertThat(identity.fqans()).containsExactlyElementsOf(TESTVO_FQANS);
    }

    @Test
    void vomsProxyFakeAttributesFromAnUntrustedAaAreIgnored() throws Exception {
        GridCredential rogueAa = pki.certificateAuthority().issueHost("rogue-voms.example.org", Duration.ofDays(1), true);

        GridIdentity identity = authenticate(vomsProxyFake("voms-rogue.pem", rogueAa));

        assertThat(identity.dn()).isEqualTo(pki.userDn());
        assertThat(identity.vo()).isEmpty();
        assertThat(identity.fqans()).isEmpty();
    }

    @Test
    void arcproxyProxyAuthenticates() throws Exception {
        Path out = dir.resolve("arcproxy.pem");
        ExternalTool.Result result = ExternalTool.run(Map.of("HOME", dir.toString()), "arcproxy",
                "-C", pki.userCertificate().toString(), "-K", pki.userKey().toString(),
                "-T", pki.caDirectory().toString(), "-P", out.toString(), "-c", "validityPeriod=1H");
        assertThat(result.exitCode()).as(result.output()).isZero();

        GridIdentity identity = authenticate(out);

        assertThat(identity.dn()).isEqualTo(pki.userDn());
        assertThat(identity.limitedProxy()).isFalse();
    }
}
