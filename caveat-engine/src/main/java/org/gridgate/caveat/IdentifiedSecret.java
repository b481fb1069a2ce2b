package org.gridgate.caveat;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;

/**
 * One macaroon root key and its public id. The id goes into the macaroon identifier, like dCache's: the first six
 * bytes of SHA-256 of the key, base64 (standard alphabet, no padding), eight characters. The key bytes never leave
 * this package and never appear in {@link #toString()}.
 */
final class IdentifiedSecret {
    static final int KEY_BYTES = 32;
    private static final int ID_DIGEST_BYTES = 6;

    private final String id;
    private final Instant created;
    private final Instant signsFrom;
    private final byte[] key;
    private final Sha256 fingerprint;

    IdentifiedSecret(String id, Instant created, byte[] key) {
        this(id, created, created, key);
    }

    /**
     * @param signsFrom when this secret may start signing: until then it only verifies, so every door that shares
     *                  it knows it before any door's macaroons need it
     */
    IdentifiedSecret(String id, Instant created, Instant signsFrom, byte[] key) {
        if (key.length != KEY_BYTES) {
            throw new IllegalArgumentException("a macaroon secret has " + KEY_BYTES + " bytes");
        }
        this.id = id;
        this.created = created;
        this.signsFrom = signsFrom;
        this.key = key.clone();
        this.fingerprint = Sha256.of(key);
    }

    static IdentifiedSecret generate(SecureRandom random, Instant now) {
        return generate(random, now, now);
    }

    static IdentifiedSecret generate(SecureRandom random, Instant now, Instant signsFrom) {
        byte[] key = new byte[KEY_BYTES];
        random.nextBytes(key);
        return new IdentifiedSecret(idOf(key), now, signsFrom, key);
    }

    static String idOf(byte[] key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key);
            return Base64.getEncoder().withoutPadding().encodeToString(Arrays.copyOf(digest, ID_DIGEST_BYTES));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }

    String id() {
        return id;
    }

    Instant created() {
        return created;
    }

    Instant signsFrom() {
        return signsFrom;
    }

    /** Whether it may sign at {@code now}; a secret that may not yet sign still verifies. */
    boolean maySignAt(Instant now) {
        return !now.isBefore(signsFrom);
    }

    /**
     * SHA-256 of the key: tells that the key behind an id is still the one that verified a token (a cache keeps
     * this, never the key bytes, which retiring a secret must be able to drop). Not secret, like the id.
     */
    Sha256 fingerprint() {
        return fingerprint;
    }

    /** A copy: callers may hand it to jmacaroons without sharing our array. */
    byte[] key() {
        return key.clone();
    }

    @Override
    public String toString() {
        return "secret " + id + " (created " + created + ", signs from " + signsFrom + ")";
    }
}
