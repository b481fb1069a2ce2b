package org.gridgate.storage;

/** Checksums computed while a file streams in. Names as in RFC 3230 / the IANA digest registry. */
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
}
