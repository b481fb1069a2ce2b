package org.gridgate.certs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How long a validated chain is believed without validating it again. */
class ValidatedChainsTest {
    @TempDir
    static Path dir;
    static X509Certificate[] longLived;

    @BeforeAll
    static void makeChain() throws Exception {
        DevPki pki = DevPki.createOrReuse(dir);
        longLived = pki.user().proxy(ProxySpec.rfc3820(Duration.ofHours(12))).chain()
                .toArray(X509Certificate[]::new);
    }

    private static final VomsAttributes NO_VOMS = VomsAttributes.NONE;

    @Test
    void rememberedChainIsFoundUntilItsLifetimeRunsOut() throws Exception {
        HandClock clock = new HandClock();
        ValidatedChains chains = new ValidatedChains(clock);
        String fingerprint = ValidatedChains.fingerprint(longLived);
        chains.remember(fingerprint, longLived, "/CN=x", NO_VOMS, false);

        clock.advance(ValidatedChains.LIFETIME.minusSeconds(1));
        assertThat(chains.find(fingerprint)).isPresent();
        clock.advance(Duration.ofSeconds(1));
        assertThat(chains.find(fingerprint)).isEmpty();
    }

    @Test
    void vomsAttributesExpiringFirstEndTheEntry() throws Exception {
        HandClock clock = new HandClock();
        ValidatedChains chains = new ValidatedChains(clock);
        String fingerprint = ValidatedChains.fingerprint(longLived);
        VomsAttributes soonExpiring = new VomsAttributes(Optional.of("testvo"), List.of("/testvo"),
                Optional.of(clock.instant().plusSeconds(5)));
        chains.remember(fingerprint, longLived, "/CN=x", soonExpiring, false);

        clock.advance(Duration.ofSeconds(5));
        assertThat(chains.find(fingerprint)).isEmpty();
    }

    @Test
    void certificateExpiringFirstEndsTheEntry() throws Exception {
        Instant proxyEnd = longLived[0].getNotAfter().toInstant();
        HandClock clock = new HandClock();
        clock.advance(Duration.between(clock.instant(), proxyEnd.minusSeconds(10)));
        ValidatedChains chains = new ValidatedChains(clock);
        String fingerprint = ValidatedChains.fingerprint(longLived);
        chains.remember(fingerprint, longLived, "/CN=x", NO_VOMS, false);

        assertThat(chains.find(fingerprint)).isPresent();
        clock.advance(Duration.ofSeconds(10));
        assertThat(chains.find(fingerprint)).isEmpty();
    }

    @Test
    void forgetAllEmptiesIt() throws Exception {
        ValidatedChains chains = new ValidatedChains(new HandClock());
        String fingerprint = ValidatedChains.fingerprint(longLived);
        chains.remember(fingerprint, longLived, "/CN=x", NO_VOMS, false);

        chains.forgetAll();

        assertThat(chains.find(fingerprint)).isEmpty();
    }

    @Test
    void fingerprintCoversEveryCertificateOfTheChain() throws Exception {
        X509Certificate[] shorter = {longLived[0]};
        assertThat(ValidatedChains.fingerprint(shorter)).isNotEqualTo(ValidatedChains.fingerprint(longLived));
    }
}
