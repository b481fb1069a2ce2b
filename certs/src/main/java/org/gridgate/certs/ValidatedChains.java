package org.gridgate.certs;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * Chains that passed validation moments ago, by fingerprint. A compute element mints one macaroon per job with the
 * same proxy, and gfal2 opens a connection per file, so most chains a door sees it has just validated; canl's path
 * validation (signatures, signing policies, namespaces, CRLs) costs more CPU than the TLS handshake itself.
 *
 * <p>Only successes are kept, never refusals, and each only until the earliest of: any certificate of the chain or
 * its VOMS attribute certificate expiring, and {@link #LIFETIME} after it was validated. Every reload of the CA
 * directory empties the cache, so a new CRL takes effect as soon as canl has read it. The TLS handshake, which proves
 * the client holds the proxy's key, still happens on every connection: the cache replaces path validation only.
 */
final class ValidatedChains {
    static final Duration LIFETIME = Duration.ofMinutes(1);
    private static final int MAX_CHAINS = 10_000;

    /** What validation established about a chain: a {@link GridIdentity} apart from the (re-read) local mapping. */
    record Validated(String dn, List<String> fqans, Optional<String> vo, boolean limitedProxy, Instant validUntil) {
        Validated {
            fqans = List.copyOf(fqans);
        }
    }

    private final Clock clock;
    private final Cache<String, Validated> validated;

    ValidatedChains(Clock clock) {
        this.clock = clock;
        this.validated = Caffeine.newBuilder()
                .maximumSize(MAX_CHAINS)
                .expireAfter(Expiry.<String, Validated>creating(
                        (fingerprint, chain) -> Duration.between(clock.instant(), chain.validUntil())))
                .build();
    }

    /** The chain with this fingerprint if it was validated and is still within its time. */
    Optional<Validated> find(String fingerprint) {
        Validated chain = validated.getIfPresent(fingerprint);
        // Caffeine evicts by its own ticker; the clock that canl validates against has the last word.
        if (chain == null || !clock.instant().isBefore(chain.validUntil())) {
            return Optional.empty();
        }
        return Optional.of(chain);
    }

    /**
     * Keeps a successful validation.
     *
     * @param voms the chain's verified VOMS attributes, whose expiry bounds the entry too
     */
    Validated remember(String fingerprint, X509Certificate[] chain, String dn, VomsAttributes voms,
                       boolean limitedProxy) {
        Instant until = clock.instant().plus(LIFETIME);
        for (X509Certificate certificate : chain) {
            Instant notAfter = certificate.getNotAfter().toInstant();
            if (notAfter.isBefore(until)) {
                until = notAfter;
            }
        }
        if (voms.validUntil().isPresent() && voms.validUntil().get().isBefore(until)) {
            until = voms.validUntil().get();
        }
        Validated entry = new Validated(dn, voms.fqans(), voms.vo(), limitedProxy, until);
        validated.put(fingerprint, entry);
        return entry;
    }

    /** Forgets everything: the trust anchors or CRLs have changed. */
    void forgetAll() {
        validated.invalidateAll();
    }

    long size() {
        validated.cleanUp();
        return validated.estimatedSize();
    }

    /** SHA-256 over every certificate of the chain, in order, each prefixed by its length. */
    static String fingerprint(X509Certificate[] chain) throws CertificateEncodingException {
        MessageDigest sha256;
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
        for (X509Certificate certificate : chain) {
            byte[] encoded = certificate.getEncoded();
            sha256.update(new byte[] {(byte) (encoded.length >>> 24), (byte) (encoded.length >>> 16),
                (byte) (encoded.length >>> 8), (byte) encoded.length});
            sha256.update(encoded);
        }
        return Base64.getEncoder().encodeToString(sha256.digest());
    }
}
