package org.gridgate.storage;

import java.util.OptionalLong;

/**
 * @param createParents  create missing parent directories on commit
 * @param overwrite      replace an existing file (otherwise ALREADY_EXISTS at begin)
 * @param maxBytes       refuse with TOO_LARGE once more than this many bytes are written
 */
public record UploadOptions(boolean createParents, boolean overwrite, OptionalLong maxBytes) {
    public static UploadOptions defaults() {
        return new UploadOptions(true, true, OptionalLong.empty());
    }
}
