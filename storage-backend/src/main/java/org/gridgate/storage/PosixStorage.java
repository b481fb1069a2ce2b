package org.gridgate.storage;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The POSIX directory backend: the door's "/" is {@code root}.
 *
 * <p>STUB: the storage-backend implementation replaces the body.
 */
public final class PosixStorage {

    public static Storage open(Path root) throws IOException {
        throw new UnsupportedOperationException("stub");
    }
}
