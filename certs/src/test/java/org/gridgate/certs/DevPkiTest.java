package org.gridgate.certs;

import static org.assertj.core.api.Assertions.assertThat;

import eu.emi.security.authn.x509.impl.PEMCredential;
import eu.emi.security.authn.x509.proxy.ProxyUtils;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DevPkiTest {
    @TempDir
    static Path dir;
    static DevPki pki;
    static String hash;

    @BeforeAll
    static void createPki() throws IOException {
        pki = DevPki.createOrReuse(dir);
        hash = OpensslNames.subjectHash(pki.certificateAuthority().certificate().getSubjectX500Principal());
    }

    @Test
    void caDirectoryHoldsHashedCertificateSigningPolicyNamespacesAndCrl() {
        assertThat(pki.caDirectory().resolve(hash + ".0")).isRegularFile();
        assertThat(pki.caDirectory().resolve(hash + ".signing_policy")).content()
                .contains("access_id_CA   X509   '/DC=org/DC=example/CN=GridGate Dev CA'")
                .contains("cond_subjects  globus '\"/DC=org/DC=example/*\"'");
        assertThat(pki.caDirectory().resolve(hash + ".namespaces")).content()
                .contains("TO Issuer \"/DC=org/DC=example/CN=GridGate Dev CA\"")
                .contains("PERMIT Subject \"/DC=org/DC=example/.*\"");
        assertThat(pki.caDirectory().resolve(hash + ".r0")).content().startsWith("-----BEGIN X509 CRL-----");
    }

    @Test
    void oldMd5HashNamesLinkToTheCaFiles() throws IOException {
        String oldHash = OpensslNames.oldSubjectHash(pki.certificateAuthority().certificate().getSubjectX500Principal());
        Path link = pki.caDirectory().resolve(oldHash + ".0");
        assertThat(Files.isSymbolicLink(link)).isTrue();
        assertThat(Files.readSymbolicLink(link)).isEqualTo(Path.of(hash + ".0"));
    }

    @Test
    void caCertificateIsACriticalCaThatMaySignCertificatesAndCrls() {
        X509Certificate ca = pki.certificateAuthority().certificate();
        assertThat(ca.getBasicConstraints()).isGreaterThanOrEqualTo(0);
        assertThat(ca.getCriticalExtensionOIDs()).contains("2.5.29.19", "2.5.29.15");
        assertThat(ca.getKeyUsage()[5]).as("keyCertSign").isTrue();
        assertThat(ca.getKeyUsage()[6]).as("cRLSign").isTrue();
    }

    @Test
    void privateKeysAreOwnerOnly() throws IOException {
        for (Path key : new Path[] {dir.resolve("ca/ca.key"), pki.hostKey(), pki.userKey(), pki.userProxy()}) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key))).as(key.toString())
                    .isEqualTo("rw-------");
        }
    }

    @Test
    void hostKeyIsPkcs8SoNettyCanReadIt() throws IOException {
        assertThat(pki.hostKey()).content().startsWith("-----BEGIN PRIVATE KEY-----");
    }

    @Test
    void hostCertificateNamesLocalhostAndLoopbackAddresses() throws Exception {
        X509Certificate host = pki.host().certificate();
        assertThat(host.getSubjectAlternativeNames()).extracting(name -> (String) name.get(1))
                .contains("localhost", "127.0.0.1")
                .anySatisfy(address -> assertThat(address).matches("0:0:0:0:0:0:0:1|::1"));
        assertThat(host.getExtendedKeyUsage()).contains("1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2");
    }

    @Test
    void userProxyFileIsProxyKeyAndUserCertificateReadableByCanl() throws Exception {
        PEMCredential credential = new PEMCredential(pki.userProxy().toString(), (char[]) null);
        X509Certificate[] chain = credential.getCertificateChain();
        assertThat(chain).hasSize(2);
        assertThat(ProxyUtils.isProxy(chain[0])).isTrue();
        assertThat(chain[1]).isEqualTo(pki.user().certificate());
        assertThat(credential.getKey().getAlgorithm()).isEqualTo("RSA");
        assertThat(pki.userDn()).isEqualTo("/DC=org/DC=example/CN=Dev User");
    }

    @Test
    void secondCallReusesTheSameCaAndCredentials() throws IOException {
        DevPki again = DevPki.createOrReuse(dir);
        assertThat(again.certificateAuthority().certificate()).isEqualTo(pki.certificateAuthority().certificate());
        assertThat(again.user().certificate()).isEqualTo(pki.user().certificate());
        assertThat(again.host().certificate()).isEqualTo(pki.host().certificate());
    }

    @Test
    void expiredProxyIsRenewed(@TempDir Path other) throws IOException {
        DevPki first = DevPki.createOrReuse(other);
        first.user().proxy(ProxySpec.rfc3820(Duration.ofHours(1)).expired()).write(first.userProxy());

        DevPki second = DevPki.createOrReuse(other);

        assertThat(second.proxy().certificate().getNotAfter().toInstant())
                .isAfter(Instant.now().plus(Duration.ofHours(11)));
        assertThat(GridCredential.read(second.userProxy()).certificate()).isEqualTo(second.proxy().certificate());
    }

    @Test
    void missingUserCertificateIsIssuedAgainByTheSameCa(@TempDir Path other) throws IOException {
        DevPki first = DevPki.createOrReuse(other);
        Files.delete(first.userCertificate());

        DevPki second = DevPki.createOrReuse(other);

        assertThat(second.certificateAuthority().certificate()).isEqualTo(first.certificateAuthority().certificate());
        assertThat(second.user().certificate()).isNotEqualTo(first.user().certificate());
        assertThat(second.proxy().chain().get(1)).isEqualTo(second.user().certificate());
    }

    @Test
    void opensslVerifiesHostAndUserAgainstTheHashedDirectory() throws Exception {
        ExternalTool.Result result = ExternalTool.run("openssl", "verify", "-CApath", pki.caDirectory().toString(),
                pki.hostCertificate().toString(), pki.userCertificate().toString());
        assertThat(result.exitCode()).as(result.output()).isZero();
    }

    @Test
    void gridProxyInfoReadsTheProxyFile() throws Exception {
        ExternalTool.Result result = ExternalTool.run("grid-proxy-info", "-file", pki.userProxy().toString());
        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("/DC=org/DC=example/CN=Dev User").contains("RFC 3820");
    }
}
