package org.gridgate.storage;

import java.util.OptionalLong;
import java.util.Set;

/**
 * @param createParents  create missing parent directories on commit
 * @param overwrite      replace an existing file (otherwise ALREADY_EXISTS at begin)
 * @param maxBytes       refuse with TOO_LARGE once more than this many bytes are written
 * @param checksums      algorithms to compute and record for this file besides those the storage computes for
 *                       every file (at least {@link ChecksumAlgorithm#ADLER32}); every algorithm whose digest is
 *                       passed to {@link Upload#commit} must be among the two
 */
public record UploadOptions(boolean createParents, boolean overwrite, OptionalLong maxBytes,
                            Set<ChecksumAlgorithm> checksums) {

    public UploadOptions {
        checksums = ChecksumSets.copyOf(checksums);
    }

    /** Parents created, overwrite, no size limit, only the storage's own checksums. */
    public static UploadOptions defaults() {
        return new UploadOptions(true, true, OptionalLong.empty(), Set.of());
    }

    public UploadOptions computing(Set<ChecksumAlgorithm> algorithms) {
        return new UploadOptions(createParents, overwrite, maxBytes, algorithms);
    }
}
