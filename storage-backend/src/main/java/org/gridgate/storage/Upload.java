package org.gridgate.storage;

import java.nio.ByteBuffer;
import java.util.Map;

/**
 * A file being written. Bytes go to a temporary file beside the target while checksums are computed as they pass;
 * {@link #commit} fsyncs and renames it into place atomically. {@link #abort} (or {@link #close} before commit)
 * removes every trace.
 */
public interface Upload extends AutoCloseable {

    /** Writes all remaining bytes of {@code data}. */
    void write(ByteBuffer data) throws StorageException;

    long bytesWritten();

    /**
     * Makes the file visible. {@code expected} holds digests the client sent (RFC 3230 Digest); any mismatch
     * aborts the upload with {@link StorageException.Reason#CHECKSUM_MISMATCH} and leaves nothing behind.
     *
     * @throws IllegalArgumentException if {@code expected} names an algorithm this upload does not compute (see
     *                                  {@link UploadOptions#checksums()}); the upload is aborted
     */
    FileStat commit(Map<ChecksumAlgorithm, String> expected) throws StorageException;

    /** The checksums of the bytes written so far, of the algorithms this upload computes; final after commit. */
    Map<ChecksumAlgorithm, String> checksums();

    void abort();

    /** Aborts unless committed. */
    @Override
    void close();
}
