package org.gridgate.gateway.config;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.gridgate.certs.DevPki;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A host key that does not belong to the host certificate stops the door at start-up, naming tls.key. */
class HostCredentialTest {

    @TempDir
    Path dir;

    @Test
    void theKeyOfTheCertificatePasses() throws Exception {
        DevPki pki = DevPki.createOrReuse(dir.resolve("pki"));
        assertThatCode(() -> HostCredential.requireMatchingKey(pki.hostCertificate(), pki.hostKey()))
                .doesNotThrowAnyException();
    }

    @Test
    void anotherKeyIsRefusedNamingTheSetting() throws Exception {
        DevPki pki = DevPki.createOrReuse(dir.resolve("pki"));
        assertThatThrownBy(() -> HostCredential.requireMatchingKey(pki.hostCertificate(), pki.userKey()))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("tls.key: " + pki.userKey() + " does not belong to tls.certificate");
    }

    @Test
    void aFileThatIsNoKeyIsRefusedNamingTheSetting() throws Exception {
        DevPki pki = DevPki.createOrReuse(dir.resolve("pki"));
        Path junk = Files.writeString(dir.resolve("junk.pem"), "not a key\n");
        assertThatThrownBy(() -> HostCredential.requireMatchingKey(pki.hostCertificate(), junk))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("tls.key: " + junk);
        assertThatThrownBy(() -> HostCredential.requireMatchingKey(junk, pki.hostKey()))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("tls.certificate: " + junk);
    }
}
