package org.gridgate.caveat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.gridgate.caveat.Fixtures.CLIENT;
import static org.gridgate.caveat.Fixtures.IN_ONE_HOUR;

import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The cache of verified tokens inside {@link MacaroonVerifier}: what may change while a token sits in it. */
class VerificationCacheTest {
    private static final InetAddress OUTSIDE = Fixtures.address("198.51.100.7");

    @TempDir
    Path directory;

    private final SettableClock clock = new SettableClock(Fixtures.NOW);
    private SecretStore store;
    private MacaroonVerifier cached;
    private MacaroonVerifier fresh;

    @BeforeEach
    void setUp() {
        store = Fixtures.store(directory);
        cached = new MacaroonVerifier(store, clock);
        fresh = new MacaroonVerifier(store, clock, 0);
    }

    /** Refused by the cached verifier with exactly the fresh verifier's messages. */
    private void assertRefusedAsFresh(String token, InetAddress client, String clientReason) {
        InvalidMacaroonException expected = refusal(fresh, token, client);
        assertThat(expected.clientReason()).isEqualTo(clientReason);
        InvalidMacaroonException actual = refusal(cached, token, client);
        assertThat(actual).hasMessage(expected.getMessage());
        assertThat(actual.clientReason()).isEqualTo(expected.clientReason());
    }

    private static InvalidMacaroonException refusal(MacaroonVerifier verifier, String token, InetAddress client) {
        try {
            verifier.verify(token, client);
        } catch (InvalidMacaroonException e) {
            return e;
        }
        throw new AssertionError("verified, expected a refusal");
    }

    @Test
    void aRepeatedTokenIsAnsweredFromTheCache() throws Exception {
        String token = Fixtures.mint(store, IN_ONE_HOUR, "activity:DOWNLOAD", "path:/data");
        MacaroonRights first = cached.verify(token, CLIENT);
        assertThat(cached.verify(token, CLIENT)).isSameAs(first);
        assertThat(cached.cachedTokens()).isEqualTo(1);
    }

    @Test
    void aCacheOfZeroVerifiesEveryTime() throws Exception {
        String token = Fixtures.mint(store, IN_ONE_HOUR);
        assertThat(fresh.verify(token, CLIENT)).isNotSameAs(fresh.verify(token, CLIENT));
        assertThat(fresh.cachedTokens()).isZero();
    }

    @Test
    void aNegativeCacheSizeIsRefused() {
        assertThatThrownBy(() -> new MacaroonVerifier(store, clock, -1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aTokenWhoseExpiryPassesWhileCachedIsRefused() throws Exception {
        String token = Fixtures.mint(store, "before:2026-03-01T12:30:00Z", IN_ONE_HOUR);
        cached.verify(token, CLIENT);
        clock.advance(Duration.ofMinutes(30)); // now == the earliest before: dead from that second
        assertRefusedAsFresh(token, CLIENT, "expired");
        assertThat(cached.cachedTokens()).isZero();
    }

    @Test
    void aTokenIsServedUpToTheSecondBeforeItsExpiry() throws Exception {
        String token = Fixtures.mint(store, IN_ONE_HOUR);
        MacaroonRights first = cached.verify(token, CLIENT);
        clock.set(Instant.parse("2026-03-01T12:59:59.999999999Z"));
        assertThat(cached.verify(token, CLIENT)).isSameAs(first);
    }

    @Test
    void aFarFutureExpiryIsKeptWithoutOverflowingTheCachesTimer() throws Exception {
        for (String before : List.of("before:9999-12-31T23:59:59Z", "before:+1000000000-12-31T23:59:59.999999999Z")) {
            String token = Fixtures.mint(store, before);
            MacaroonRights first = cached.verify(token, CLIENT);
            assertThat(cached.verify(token, CLIENT)).as(before).isSameAs(first);
        }
    }

    @Test
    void aTokenWhoseSecretIsRetiredWhileCachedIsRefused() throws Exception {
        String token = Fixtures.mint(store, IN_ONE_HOUR);
        cached.verify(token, CLIENT);
        String signer = store.currentId();
        store.rotate();
        store.retire(signer);
        assertRefusedAsFresh(token, CLIENT, "signing secret retired");
        assertThat(cached.cachedTokens()).isZero();
    }

    @Test
    void aTokenWhoseSecretIsRemovedFromTheFileWhileCachedIsRefused() throws Exception {
        String token = Fixtures.mint(store, IN_ONE_HOUR);
        cached.verify(token, CLIENT);
        store.rotate();
        // Another process rewrites the file with the new secret only (not retired: simply gone).
        new SecretFile(directory.resolve("secrets")).write(new SecretRing(List.of(store.current()), Map.of()));
        store.reload();
        assertRefusedAsFresh(token, CLIENT, "unknown signing secret");
    }

    @Test
    void aTokenOfASecretThatStaysSurvivesRotationAndReload() throws Exception {
        String token = Fixtures.mint(store, IN_ONE_HOUR);
        MacaroonRights first = cached.verify(token, CLIENT);
        store.rotate();
        store.reload();
        assertThat(cached.verify(token, CLIENT)).isSameAs(first);
    }

    @Test
    void aCachedTokenFromOutsideItsIpRangeIsRefusedAndStaysForClientsInside() throws Exception {
        String token = Fixtures.mint(store, IN_ONE_HOUR, "ip:192.0.2.0/24", "ip:192.0.2.0/28,2001:db8::/32");
        MacaroonRights first = cached.verify(token, CLIENT);
        assertRefusedAsFresh(token, OUTSIDE, "client address not allowed");
        assertRefusedAsFresh(token, Fixtures.address("192.0.2.200"), "client address not allowed");
        assertRefusedAsFresh(token, Fixtures.address("2001:db8::1"), "client address not allowed");
        assertThat(cached.verify(token, Fixtures.address("::ffff:192.0.2.10"))).isSameAs(first);
        assertThat(cached.verify(token, CLIENT)).isSameAs(first);
    }

    @Test
    void differentTokensNeverShareAnEntry() throws Exception {
        String download = Fixtures.mint(store, IN_ONE_HOUR, "activity:DOWNLOAD", "path:/data");
        String upload = Fixtures.mint(store, IN_ONE_HOUR, "activity:UPLOAD", "path:/data");
        String narrower = Fixtures.append(download, "path:alice");
        for (int round = 0; round < 2; round++) {
            assertThat(cached.verify(download, CLIENT).activities()).contains(Activity.DOWNLOAD)
                    .doesNotContain(Activity.UPLOAD);
            assertThat(cached.verify(upload, CLIENT).activities()).contains(Activity.UPLOAD)
                    .doesNotContain(Activity.DOWNLOAD);
            assertThat(cached.verify(narrower, CLIENT).pathPrefix()).isEqualTo("/data/alice");
            assertThat(cached.verify(download, CLIENT).pathPrefix()).isEqualTo("/data");
        }
        assertThat(cached.cachedTokens()).isEqualTo(3);
    }

    @Test
    void twoSpellingsOfOneMacaroonAreTwoEntries() throws Exception {
        String token;
        String standardAlphabet;
        int limit = 0;
        do { // until the url-safe spelling has a character the standard alphabet writes otherwise, or padding
            limit++;
            token = Fixtures.mint(store, IN_ONE_HOUR, "max-upload:" + limit);
            standardAlphabet = token.replace('-', '+').replace('_', '/') + "=".repeat((4 - token.length() % 4) % 4);
        } while (standardAlphabet.equals(token));
        assertThat(cached.verify(standardAlphabet, CLIENT).logId()).isEqualTo(cached.verify(token, CLIENT).logId());
        assertThat(cached.cachedTokens()).isEqualTo(2);
    }

    @Test
    void refusalsAreNotCached() throws Exception {
        String forged = Fixtures.build(store.currentId(), new byte[IdentifiedSecret.KEY_BYTES], IN_ONE_HOUR)
                .serialize();
        assertRefusedAsFresh(forged, CLIENT, "invalid signature");
        assertRefusedAsFresh(forged, CLIENT, "invalid signature");
        assertRefusedAsFresh(Fixtures.mint(store, "before:2026-03-01T11:00:00Z"), CLIENT, "expired");
        assertRefusedAsFresh(Fixtures.mint(store, IN_ONE_HOUR, "ip:198.51.100.0/24"), CLIENT,
                "client address not allowed");
        assertRefusedAsFresh(Fixtures.mint(store, IN_ONE_HOUR, "color:red"), CLIENT, "invalid caveat");
        assertRefusedAsFresh("x".repeat(DecodedMacaroon.MAX_TOKEN_CHARS + 1), CLIENT, "malformed macaroon");
        assertRefusedAsFresh("not a token!", CLIENT, "malformed macaroon");
        assertThat(cached.cachedTokens()).isZero();
    }

    @Test
    void theCacheIsBounded() throws Exception {
        MacaroonVerifier small = new MacaroonVerifier(store, clock, 2);
        for (int i = 1; i <= 20; i++) {
            assertThat(small.verify(Fixtures.mint(store, IN_ONE_HOUR, "max-upload:" + i), CLIENT).maxUpload())
                    .hasValue(i);
        }
        assertThat(small.cachedTokens()).isLessThanOrEqualTo(2);
    }

    @Test
    void aMissingClientIsStillAProgrammingError() throws Exception {
        String token = Fixtures.mint(store, IN_ONE_HOUR);
        cached.verify(token, CLIENT);
        assertThatThrownBy(() -> cached.verify(token, (InetAddress) null)).isInstanceOf(NullPointerException.class)
                .hasMessage("client address");
    }

    @Test
    void tooLongTextIsNotHashed() {
        assertThat(VerifiedTokens.keyOf(null)).isEmpty();
        assertThat(VerifiedTokens.keyOf("")).isEmpty();
        assertThat(VerifiedTokens.keyOf("A".repeat(DecodedMacaroon.MAX_TOKEN_CHARS + 1))).isEmpty();
        assertThat(VerifiedTokens.keyOf("A".repeat(DecodedMacaroon.MAX_TOKEN_CHARS))).isPresent();
    }

    @Test
    void textThatSharesACachedTokensAsciiBytesIsNotThatToken() throws Exception {
        String token = Fixtures.mint(store, IN_ONE_HOUR, "activity:DOWNLOAD");
        cached.verify(token, CLIENT);
        int middle = token.length() / 2;
        String accented = token.substring(0, middle) + "\u00e9" + token.substring(middle + 1);
        String questionMark = token.substring(0, middle) + "?" + token.substring(middle + 1);
        String cyrillic = token.substring(0, middle) + "\u0430" + token.substring(middle + 1);
        // One key for the three (each non-ASCII character is '?' in US-ASCII), none the token's.
        assertThat(VerifiedTokens.keyOf(accented)).isEqualTo(VerifiedTokens.keyOf(questionMark))
                .isEqualTo(VerifiedTokens.keyOf(cyrillic)).isNotEqualTo(VerifiedTokens.keyOf(token));
        for (String lookalike : List.of(accented, questionMark, cyrillic)) {
            assertRefusedAsFresh(lookalike, CLIENT, "malformed macaroon");
        }
        assertThat(cached.cachedTokens()).isEqualTo(1);
    }
}
