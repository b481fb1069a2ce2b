package org.gridgate.storage;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.zip.Adler32;

/** Every {@link ChecksumAlgorithm}, updated as bytes stream past, so a file is never read again to checksum it. */
final class StreamingChecksums {
    private final Adler32 adler32 = new Adler32();
    private final MessageDigest md5 = newDigest("MD5");
    private final MessageDigest sha256 = newDigest("SHA-256");

    /** Consumes the remaining bytes of {@code bytes}. */
    void update(ByteBuffer bytes) {
        adler32.update(bytes.duplicate());
        md5.update(bytes.duplicate());
        sha256.update(bytes);
    }

    /** The checksums of everything so far (lower-case hex, adler32 zero-padded to 8 digits); updating may go on. */
    Map<ChecksumAlgorithm, String> current() {
        Map<ChecksumAlgorithm, String> values = new EnumMap<>(ChecksumAlgorithm.class);
        values.put(ChecksumAlgorithm.ADLER32, HexFormat.of().toHexDigits((int) adler32.getValue()));
        values.put(ChecksumAlgorithm.MD5, HexFormat.of().formatHex(digestOfCopy(md5)));
        values.put(ChecksumAlgorithm.SHA256, HexFormat.of().formatHex(digestOfCopy(sha256)));
        return Collections.unmodifiableMap(values);
    }

    /** digest() resets a MessageDigest; a copy keeps the running one going. */
    private static byte[] digestOfCopy(MessageDigest digest) {
        try {
            return ((MessageDigest) digest.clone()).digest();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("the JDK's " + digest.getAlgorithm() + " digest is cloneable", e);
        }
    }

    private static MessageDigest newDigest(String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK provides " + algorithm, e);
        }
    }
}
