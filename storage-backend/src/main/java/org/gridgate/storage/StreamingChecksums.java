package org.gridgate.storage;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.zip.Adler32;

/**
 * The chosen {@link ChecksumAlgorithm}s, updated as bytes stream past, so a file is never read again to checksum it.
 * Only what was chosen is computed: MD5 and SHA-256 cost far more CPU than the rest of an upload.
 */
final class StreamingChecksums {
    private final Map<ChecksumAlgorithm, RunningChecksum> running = new EnumMap<>(ChecksumAlgorithm.class);

    StreamingChecksums(Set<ChecksumAlgorithm> algorithms) {
        for (ChecksumAlgorithm algorithm : algorithms) {
            running.put(algorithm, RunningChecksum.of(algorithm));
        }
    }

    Set<ChecksumAlgorithm> algorithms() {
        return Collections.unmodifiableSet(running.keySet());
    }

    /** Consumes the remaining bytes of {@code bytes}. */
    void update(ByteBuffer bytes) {
        for (RunningChecksum checksum : running.values()) {
            checksum.update(bytes.duplicate());
        }
        bytes.position(bytes.limit());
    }

    /** The checksums of everything so far (lower-case hex, adler32 zero-padded to 8 digits); updating may go on. */
    Map<ChecksumAlgorithm, String> current() {
        Map<ChecksumAlgorithm, String> values = new EnumMap<>(ChecksumAlgorithm.class);
        running.forEach((algorithm, checksum) -> values.put(algorithm, checksum.currentHex()));
        return Collections.unmodifiableMap(values);
    }

    /** One algorithm's running state. */
    private interface RunningChecksum {
        void update(ByteBuffer bytes);

        String currentHex();

        static RunningChecksum of(ChecksumAlgorithm algorithm) {
            return switch (algorithm) {
                case ADLER32 -> new RunningAdler32();
                case MD5 -> new RunningDigest("MD5");
                case SHA256 -> new RunningDigest("SHA-256");
            };
        }
    }

    private static final class RunningAdler32 implements RunningChecksum {
        private final Adler32 adler32 = new Adler32();

        @Override
        public void update(ByteBuffer bytes) {
            adler32.update(bytes);
        }

        @Override
        public String currentHex() {
            return HexFormat.of().toHexDigits((int) adler32.getValue());
        }
    }

    private static final class RunningDigest implements RunningChecksum {
        private final MessageDigest digest;

        RunningDigest(String algorithm) {
            try {
                digest = MessageDigest.getInstance(algorithm);
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("every JDK provides " + algorithm, e);
            }
        }

        @Override
        public void update(ByteBuffer bytes) {
            digest.update(bytes);
        }

        /** digest() resets a MessageDigest; a copy keeps the running one going. */
        @Override
        public String currentHex() {
            try {
                return HexFormat.of().formatHex(((MessageDigest) digest.clone()).digest());
            } catch (CloneNotSupportedException e) {
                throw new IllegalStateException("the JDK's " + digest.getAlgorithm() + " digest is cloneable", e);
            }
        }
    }
}
