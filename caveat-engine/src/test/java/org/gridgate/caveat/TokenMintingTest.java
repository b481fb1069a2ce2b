package org.gridgate.caveat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link MacaroonIssuer#issueForToken}: the request, the token's scopes and the policy rule, all three. */
class TokenMintingTest {
    static final Requester TOKEN = new Requester("token sub=alice", List.of("/atlas"), Optional.empty(),
            Optional.empty());

    @TempDir
    Path directory;

    private MacaroonIssuer issuer;
    private MacaroonVerifier verifier;

    @BeforeEach
    void setUp() {
        SecretStore store = Fixtures.store(directory);
        verifier = new MacaroonVerifier(store, Fixtures.CLOCK);
        issuer = new MacaroonIssuer(store, requester -> Optional.of(MacaroonIssuerTest.ATLAS), Fixtures.CLOCK,
                Duration.ofDays(1), Duration.ofDays(7));
    }

    private static MacaroonRequest request(Optional<String> validity, String... caveats) {
        return new MacaroonRequest(List.of(caveats), validity);
    }

    @Test
    void withoutActivitiesTheMacaroonGetsWhatTheScopesAndTheRuleShare() throws Exception {
        Instant exp = Fixtures.CLOCK.instant().plus(Duration.ofHours(1));
        MintedMacaroon minted = issuer.issueForToken(TOKEN, "/data/atlas/x", request(Optional.empty()),
                Optional.of(Set.of(Activity.UPLOAD, Activity.LIST, Activity.READ_METADATA)), exp);
        MacaroonRights rights = verifier.verify(minted.serialized(), Optional.empty());
        assertThat(rights.activities()).contains(Activity.UPLOAD, Activity.LIST).doesNotContain(Activity.DOWNLOAD);
        assertThat(minted.expiry()).isEqualTo(exp);
    }

    @Test
    void aLongerValidityIsCutToTheTokensExp() throws Exception {
        Instant exp = Fixtures.CLOCK.instant().plus(Duration.ofMinutes(20));
        MintedMacaroon minted = issuer.issueForToken(TOKEN, "/data/atlas/x", request(Optional.of("PT24H"),
                "activity:UPLOAD"), Optional.of(Set.of(Activity.UPLOAD)), exp);
        assertThat(minted.expiry()).isEqualTo(exp);
    }

    @Test
    void moreThanTheScopesHoldIsRefusedNamingIt() {
        Instant exp = Fixtures.CLOCK.instant().plus(Duration.ofHours(1));
        assertThatThrownBy(() -> issuer.issueForToken(TOKEN, "/data/atlas/x", request(Optional.empty(),
                "activity:UPLOAD,DOWNLOAD"), Optional.of(EnumSet.of(Activity.UPLOAD)), exp))
                .isInstanceOf(MintRefusedException.class)
                .hasMessageContaining("do not allow DOWNLOAD on /data/atlas/x");
    }

    @Test
    void theRuleStillLimits() {
        Instant exp = Fixtures.CLOCK.instant().plus(Duration.ofHours(1));
        assertThatThrownBy(() -> issuer.issueForToken(TOKEN, "/data/atlas/x", request(Optional.empty(),
                "activity:DELETE"), Optional.of(EnumSet.of(Activity.DELETE, Activity.UPLOAD)), exp))
                .isInstanceOf(MintRefusedException.class).hasMessageContaining("does not allow DELETE");
        assertThatThrownBy(() -> issuer.issueForToken(TOKEN, "/elsewhere", request(Optional.empty(),
                "activity:UPLOAD"), Optional.of(EnumSet.of(Activity.UPLOAD)), exp))
                .isInstanceOf(MintRefusedException.class).hasMessageContaining("/elsewhere");
    }

    @Test
    void anExpiredTokenMintsNothing() {
        Instant exp = Fixtures.CLOCK.instant();
        assertThatThrownBy(() -> issuer.issueForToken(TOKEN, "/data/atlas/x", request(Optional.empty()),
                Optional.empty(), exp)).isInstanceOf(MintRefusedException.class).hasMessageContaining("expired");
    }

    @Test
    void aTokenWithoutScopesGetsTheRulesActivities() throws Exception {
        Instant exp = Fixtures.CLOCK.instant().plus(Duration.ofHours(1));
        MintedMacaroon minted = issuer.issueForToken(TOKEN, "/data/atlas/x", request(Optional.empty()),
                Optional.empty(), exp);
        assertThat(verifier.verify(minted.serialized(), Optional.empty()).activities())
                .contains(Activity.UPLOAD, Activity.DOWNLOAD, Activity.LIST);
    }
}
