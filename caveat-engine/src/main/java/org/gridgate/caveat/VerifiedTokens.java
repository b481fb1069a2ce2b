package org.gridgate.caveat;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * Tokens verified moments ago, by the SHA-256 of their text. A job presents the same macaroon for every file it
 * moves, and gfal2 or davix open a request per file, so most tokens a door sees it has just verified; this spares
 * them decoding and the HMAC chain, which is most of what verification costs.
 *
 * <p>Keyed by digest, never by the token: a map key is kept as long as its entry, and a bearer token should sit in
 * the heap no longer than its request. Only successes are kept. A hit answers only if {@link VerifiedMacaroon#isLive}
 * (clock, secret) and {@link VerifiedMacaroon#admits} (client address) hold at that moment; anything else is for
 * the caller to verify afresh, which gives the exact refusal. An entry whose {@code before:} has passed or whose
 * secret is gone is dropped then; Caffeine drops it anyway at its expiry, by its own ticker.
 */
final class VerifiedTokens {
    private final Clock clock;
    private final SecretStore secrets;
    private final Cache<Sha256, VerifiedMacaroon> verified;

    VerifiedTokens(int maxEntries, SecretStore secrets, Clock clock) {
        this.clock = clock;
        this.secrets = secrets;
        this.verified = Caffeine.newBuilder()
                .maximumSize(maxEntries)
                .expireAfter(Expiry.<Sha256, VerifiedMacaroon>creating(
                        (token, macaroon) -> Duration.between(clock.instant(), macaroon.rights().expiry())))
                .build();
    }

    /**
     * The cache key of {@code serialized}: SHA-256 of its US-ASCII bytes. Empty for what {@link DecodedMacaroon}
     * refuses by its length alone, which is never kept and not worth hashing.
     *
     * <p>US-ASCII turns every other character into {@code ?}, so two different texts can share bytes, but only if
     * where they differ both have {@code ?} or a character that is not ASCII: neither is base64, neither ever
     * verifies, neither is ever kept. A text that finds an entry is therefore the very text that was verified.
     * (Checking the base64 alphabet here instead would cost a quarter of a hit.)
     */
    static Optional<Sha256> keyOf(String serialized) {
        if (serialized == null || serialized.isEmpty() || serialized.length() > DecodedMacaroon.MAX_TOKEN_CHARS) {
            return Optional.empty();
        }
        return Optional.of(Sha256.of(serialized.getBytes(StandardCharsets.US_ASCII)));
    }

    /** The rights of the token with this key if it was verified and would verify again now, for this client. */
    Optional<MacaroonRights> find(Sha256 token, InetAddress client) {
        VerifiedMacaroon macaroon = verified.getIfPresent(token);
        if (macaroon == null) {
            return Optional.empty();
        }
        if (!macaroon.isLive(clock.instant(), secrets)) {
            // Dead for every client; remove only this entry, not one another request has just put.
            verified.asMap().remove(token, macaroon);
            return Optional.empty();
        }
        // A client outside the ip: ranges leaves the entry for the clients inside them.
        return macaroon.admits(client.getAddress()) ? Optional.of(macaroon.rights()) : Optional.empty();
    }

    /** Keeps a successful verification. */
    void remember(Sha256 token, VerifiedMacaroon macaroon) {
        verified.put(token, macaroon);
    }

    long size() {
        verified.cleanUp();
        return verified.estimatedSize();
    }
}
