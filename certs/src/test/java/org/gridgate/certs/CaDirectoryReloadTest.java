package org.gridgate.certs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Changes to the CA directory (new CA, new CRL) take effect without reopening GridTrust. */
class CaDirectoryReloadTest {
    private static final Duration RELOAD = Duration.ofMillis(300);
    /** Only bounds a broken test; the assertions do not depend on how quickly the reload happens. */
    private static final Duration GIVE_UP_AFTER = Duration.ofSeconds(30);

    @TempDir
    static Path dir;
    static DevPki pki;
    static GridTrust trust;

    @BeforeAll
    static void openTrust() throws IOException {
        pki = DevPki.createOrReuse(dir);
        trust = GridTrust.open(pki.caDirectory(), Optional.empty(), IdentityMapping.none(), RELOAD);
    }

    @AfterAll
    static void closeTrust() {
        trust.close();
    }

    private static boolean accepted(GridCredential credential) {
        try {
            trust.authenticate(credential.chain());
            return true;
        } catch (CertificateRejectedException e) {
            return false;
        }
    }

    private static void awaitReload(String what, BooleanSupplier condition) throws InterruptedException {
        Instant giveUp = Instant.now().plus(GIVE_UP_AFTER);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(giveUp)) {
                fail("CA directory change never took effect: " + what);
            }
            Thread.sleep(RELOAD.toMillis());
        }
    }

    @Test
    void caAddedToTheDirectoryIsTrustedAfterReload() throws Exception {
        CertificateAuthority second = CertificateAuthority.create("/DC=org/DC=second/CN=Second CA", Duration.ofDays(1));
        GridCredential user = second.issueUser("/DC=org/DC=second/CN=Second User", Duration.ofDays(1));
        assertThat(accepted(user)).as("before the CA is installed").isFalse();

        second.install(pki.caDirectory());

        awaitReload("new CA", () -> accepted(user));
        assertThat(trust.authenticate(user.chain()).dn()).isEqualTo("/DC=org/DC=second/CN=Second User");
    }

    @Test
    void certificateInANewCrlIsRefusedAfterReload() throws Exception {
        GridCredential user = pki.certificateAuthority().issueUser("/DC=org/DC=example/CN=Soon Revoked",
                Duration.ofDays(1));
        GridCredential proxy = user.proxy(ProxySpec.rfc3820(Duration.ofHours(1)));
        assertThat(accepted(proxy)).as("before revocation").isTrue();

        pki.certificateAuthority().revoke(pki.caDirectory(), user.certificate());

        awaitReload("new CRL", () -> !accepted(proxy));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> trust.authenticate(proxy.chain()))
                .hasMessageContaining(RejectionReasons.REVOKED);
    }
}
