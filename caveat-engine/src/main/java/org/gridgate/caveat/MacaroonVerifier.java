package org.gridgate.caveat;

import com.github.nitram509.jmacaroons.MacaroonsVerifier;
import java.net.InetAddress;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;

/**
 * Verifies a presented macaroon and folds its caveats into {@link MacaroonRights}. Fails closed: any doubt is a
 * refusal with a reason.
 *
 * <p>Order: take the token apart (junk is "malformed"), refuse third-party caveats (we hold no discharges), find the
 * secret by the identifier (unknown or retired refuses), check the HMAC chain with jmacaroons, then fold the caveats
 * ourselves. jmacaroons is asked only about the signature (its general verifier accepts every first-party caveat)
 * because it cannot say which caveat failed; our fold refuses exactly what jmacaroons would, and says why.
 *
 * <p>A token verified before is found in {@link VerifiedTokens} and skips all of that, as long as it has not
 * expired, its secret still verifies and the client is within its {@code ip:} caveats; otherwise it is verified
 * afresh, so the answer, and the reason for a refusal, are the same as without the cache. The revocation list is
 * checked last, on every call, cache hit or not. Thread-safe.
 */
public final class MacaroonVerifier {
    /**
     * Verified tokens kept by default. A compute element mints one macaroon per job and the job presents it for each
     * file, so a door sees about one live token per running job; 10,000 covers the running jobs of a large site.
     * An entry (digest, rights, parsed ip: subnets, Caffeine's node) took 1.1 KB for a seven-caveat token with an
     * ip: caveat (measured over 10,000), so a full cache is about 11 MB: little beside the door's 1 MiB reads.
     */
    static final int DEFAULT_CACHED_TOKENS = 10_000;

    private final SecretStore secrets;
    private final Revocations revocations;
    private final Clock clock;
    private final Optional<VerifiedTokens> cache;

    /** A verifier that keeps up to {@value #DEFAULT_CACHED_TOKENS} verified tokens. */
    public MacaroonVerifier(SecretStore secrets, Clock clock) {
        this(secrets, clock, DEFAULT_CACHED_TOKENS);
    }

    /** A verifier that keeps up to {@value #DEFAULT_CACHED_TOKENS} verified tokens and refuses revoked ones. */
    public MacaroonVerifier(SecretStore secrets, Revocations revocations, Clock clock) {
        this(secrets, revocations, clock, DEFAULT_CACHED_TOKENS);
    }

    /**
     * @param cachedTokens how many verified tokens to keep, so that a token presented again skips decoding and
     *                     the HMAC chain (its expiry, secret and ip: caveats are still checked every time); 0 keeps
     *                     none
     */
    public MacaroonVerifier(SecretStore secrets, Clock clock, int cachedTokens) {
        this(secrets, Revocations.none(), clock, cachedTokens);
    }

    /**
     * @param revocations checked on every verification, cached ones included
     * @param cachedTokens as above
     */
    public MacaroonVerifier(SecretStore secrets, Revocations revocations, Clock clock, int cachedTokens) {
        if (cachedTokens < 0) {
            throw new IllegalArgumentException("cachedTokens must be 0 or more: " + cachedTokens);
        }
        this.secrets = Objects.requireNonNull(secrets);
        this.revocations = Objects.requireNonNull(revocations);
        this.clock = Objects.requireNonNull(clock);
        this.cache = cachedTokens == 0 ? Optional.empty()
                : Optional.of(new VerifiedTokens(cachedTokens, secrets, clock));
    }

    /**
     * @param serialized the token as received (V1 base64url; the standard base64 alphabet is accepted too)
     * @param client     the direct peer address, checked against {@code ip:} caveats
     */
    public MacaroonRights verify(String serialized, InetAddress client) throws InvalidMacaroonException {
        Objects.requireNonNull(client, "client address");
        if (cache.isEmpty()) {
            return notRevoked(verifyAfresh(serialized, Optional.of(client)).rights());
        }
        Optional<Sha256> key = VerifiedTokens.keyOf(serialized);
        if (key.isPresent()) {
            Optional<MacaroonRights> known = cache.get().find(key.get(), client);
            if (known.isPresent()) {
                return notRevoked(known.get());
            }
        }
        // A miss, or a hit that does not hold now: only a full verification says exactly why it is refused.
        VerifiedMacaroon verified = verifyAfresh(serialized, Optional.of(client));
        key.ifPresent(k -> cache.get().remember(k, verified));
        return notRevoked(verified.rights());
    }

    /**
     * With an empty client, {@code ip:} caveats are checked for syntax only: for inspection, never for access.
     * Never cached: inspection is rare, and it keeps the cache to what {@link #verify(String, InetAddress)} saw.
     */
    MacaroonRights verify(String serialized, Optional<InetAddress> client) throws InvalidMacaroonException {
        return notRevoked(verifyAfresh(serialized, client).rights());
    }

    /**
     * Checked after the signature and never cached: a revocation takes effect on the next request, whatever the
     * cache holds. A macaroon without an {@code iid:} (not minted by a door) can only be revoked with its secret.
     */
    private MacaroonRights notRevoked(MacaroonRights rights) throws RevokedMacaroonException {
        if (rights.issueId().isPresent()) {
            Optional<Revocation> entry = revocations.covering(rights.issueId().get());
            if (entry.isPresent()) {
                throw new RevokedMacaroonException(entry.get());
            }
        }
        return rights;
    }

    private VerifiedMacaroon verifyAfresh(String serialized, Optional<InetAddress> client)
            throws InvalidMacaroonException {
        DecodedMacaroon decoded = DecodedMacaroon.decode(serialized);
        if (decoded.hasThirdPartyCaveat()) {
            throw new InvalidMacaroonException("third-party caveats are not supported (no discharge macaroons)",
                    "third-party caveats are not supported");
        }
        IdentifiedSecret secret = secretFor(decoded.identifier());
        if (!signatureMatches(decoded, secret)) {
            throw new InvalidMacaroonException("signature does not match (forged or altered macaroon, identifier "
                    + secret.id() + ")", "invalid signature");
        }
        RightsFold fold = new RightsFold(clock.instant(), client);
        for (DecodedMacaroon.PacketCaveat caveat : decoded.caveats()) {
            fold.accept(caveat.text());
        }
        return new VerifiedMacaroon(fold.result(decoded.signaturePrefix()), secret.id(), secret.fingerprint(),
                fold.ipSubnets());
    }

    /** How many verified tokens are kept now (after pending evictions); 0 without a cache. */
    long cachedTokens() {
        return cache.map(VerifiedTokens::size).orElse(0L);
    }

    private IdentifiedSecret secretFor(String identifier) throws InvalidMacaroonException {
        Optional<IdentifiedSecret> secret = secrets.find(identifier);
        if (secret.isPresent()) {
            return secret.get();
        }
        if (secrets.isRetired(identifier)) {
            throw new InvalidMacaroonException("signed by retired secret " + LogSafe.text(identifier),
                    "signing secret retired");
        }
        throw new InvalidMacaroonException("unknown secret id " + LogSafe.text(identifier)
                + " (not minted here)", "unknown signing secret");
    }

    private static boolean signatureMatches(DecodedMacaroon decoded, IdentifiedSecret secret) {
        try {
            return new MacaroonsVerifier(decoded.macaroon()).satisfyGeneral(caveat -> true).isValid(secret.key());
        } catch (RuntimeException e) {
            return false;
        }
    }
}
