package org.gridgate.storage;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * For tests of one {@link PosixStorage} at a time: each test gets a new, empty one over its own temporary
 * directory, so that no test sees what another left on disk.
 */
abstract class PosixStorageFixture {

    /** The directory the storage serves: tests look here for what really reached the disk. */
    @TempDir
    Path root;
    Storage storage;

    @BeforeEach
    void openTheStorage() throws IOException {
        storage = PosixStorage.open(root);
    }
}
