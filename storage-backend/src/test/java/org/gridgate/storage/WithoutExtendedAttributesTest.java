package org.gridgate.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.gridgate.storage.StorageTestSupport.put;
import static org.gridgate.storage.StorageTestSupport.read;

import java.nio.file.Path;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A filesystem without user xattrs: uploads, moves and copies still work; no checksums are reported. */
class WithoutExtendedAttributesTest {
    @TempDir
    Path root;

    @Test
    void everythingWorksAndChecksumsAreComputedWhenAsked() throws Exception {
        Storage storage = new ConfinedPosixStorage(new ConfinedRoot(root.toRealPath()), new ChecksumAttributes(false),
                Set.of(ChecksumAlgorithm.ADLER32));

        put(storage, "/file", "abc");
        storage.copy("/file", "/copy", false);
        storage.move("/copy", "/moved", false);

        assertThat(read(storage, "/moved")).isEqualTo("abc");
        assertThat(storage.checksums("/file")).containsEntry(ChecksumAlgorithm.ADLER32, "024d0127");
        assertThat(storage.checksums("/moved")).containsEntry(ChecksumAlgorithm.ADLER32, "024d0127");
    }
}
