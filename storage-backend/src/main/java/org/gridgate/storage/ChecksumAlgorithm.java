package org.gridgate.storage;

import java.util.Locale;
import java.util.Optional;

/**
 * Checksums a storage can compute and record for a file. Names as in RFC 3230 / the IANA digest registry.
 * {@link #ADLER32} is computed for every file written (dCache's default, and nearly free); the others only when
 * asked for, since MD5 and SHA-256 together cost about as much CPU as the rest of an upload.
 */
public enum ChecksumAlgorithm {
    ADLER32("adler32"), MD5("md5"), SHA256("sha-256");

    private final String digestName;

    ChecksumAlgorithm(String digestName) {
        this.digestName = digestName;
    }

    /** The name used in {@code Want-Digest} and {@code Digest} headers. */
    public String digestName() {
        return digestName;
    }

    /** The algorithm with this digest name, ignoring case (HTTP digest names are case-insensitive). */
    public static Optional<ChecksumAlgorithm> named(String digestName) {
        String wanted = digestName.strip().toLowerCase(Locale.ROOT);
        for (ChecksumAlgorithm algorithm : values()) {
            if (algorithm.digestName.equals(wanted)) {
                return Optional.of(algorithm);
            }
        }
        return Optional.empty();
    }
}
