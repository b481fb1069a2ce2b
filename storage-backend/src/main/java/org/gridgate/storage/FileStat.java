package org.gridgate.storage;

import java.time.Instant;

/**
 * @param path         absolute path in the door's namespace
 * @param directory    whether it is a directory
 * @param size         bytes (0 for directories)
 * @param lastModified modification time
 * @param etag         a strong validator that changes whenever the content does (quoted form is the caller's job)
 */
public record FileStat(String path, boolean directory, long size, Instant lastModified, String etag) {

    /** The last path segment; "" for the root. */
    public String name() {
        int slash = path.lastIndexOf('/');
        return path.substring(slash + 1);
    }
}
