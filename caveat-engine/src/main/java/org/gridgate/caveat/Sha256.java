package org.gridgate.caveat;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * A SHA-256 digest as a value: four longs, so it is compared and hashed without arrays and is small as a map key.
 * {@link #toString()} is the record's (four numbers); a digest never names what it digests.
 */
record Sha256(long first, long second, long third, long fourth) {

    static Sha256 of(byte[] data) {
        MessageDigest sha256;
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
        ByteBuffer digest = ByteBuffer.wrap(sha256.digest(data));
        return new Sha256(digest.getLong(), digest.getLong(), digest.getLong(), digest.getLong());
    }
}
