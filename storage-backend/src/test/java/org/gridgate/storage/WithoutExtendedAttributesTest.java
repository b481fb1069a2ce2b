package org.gridgate.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.gridgate.storage.StorageTestSupport.put;
import static org.gridgate.storage.StorageTestSupport.read;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.gridgate.storage.StorageException.Reason;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A filesystem without user xattrs: uploads, moves and copies still work; no checksums are recorded; dead
 * properties read as none and setting one is refused as NOT_SUPPORTED.
 */
class WithoutExtendedAttributesTest {
    static final PropertyName AUTHOR = new PropertyName("urn:x", "author");

    @TempDir
    Path root;

    @Test
    void everythingWorksAndChecksumsAreComputedWhenAsked() throws Exception {
        Storage storage = new ConfinedPosixStorage(new ConfinedRoot(root.toRealPath()), new UserAttributes(false),
                DeadPropertyLimits.DEFAULT, Set.of(ChecksumAlgorithm.ADLER32));

        put(storage, "/file", "abc");
        storage.copy("/file", "/copy", false);
        storage.move("/copy", "/moved", false);

        assertThat(read(storage, "/moved")).isEqualTo("abc");
        assertThat(storage.checksums("/file")).containsEntry(ChecksumAlgorithm.ADLER32, "024d0127");
        assertThat(storage.checksums("/moved")).containsEntry(ChecksumAlgorithm.ADLER32, "024d0127");
    }

    @Test
    void deadPropertiesReadAsNoneAndSettingOneIsNotSupported() throws Exception {
        Storage storage = new ConfinedPosixStorage(new ConfinedRoot(root.toRealPath()), new UserAttributes(false),
                DeadPropertyLimits.DEFAULT, Set.of(ChecksumAlgorithm.ADLER32));
        put(storage, "/file", "abc");

        assertThat(storage.deadProperties("/file")).isEmpty();
        assertNotSupported(storage, "/file");
        storage.updateDeadProperties("/file", List.of(new PropertyChange.Remove(AUTHOR)));
    }

    /** ramfs keeps no user extended attributes: the JDK sees that at open. Skipped where it cannot be mounted. */
    @Test
    void aRootOnRamfsWorksWithoutThem() throws Exception {
        try (ScratchFilesystem ramfs = mountRamfsOrSkip(root.resolve("ramfs"))) {
            Storage storage = PosixStorage.open(ramfs.directory());
            put(storage, "/file", "abc");
            storage.copy("/file", "/copy", false);

            assertThat(read(storage, "/copy")).isEqualTo("abc");
            assertThat(storage.deadProperties("/copy")).isEmpty();
            assertNotSupported(storage, "/file");
        }
    }

    /** A filesystem without them mounted below a root that has them: the write is what fails there. */
    @Test
    void aMountWithoutThemBelowTheRootRefusesThemThereOnly() throws Exception {
        Storage storage = PosixStorage.open(root);
        put(storage, "/file", "abc");
        storage.updateDeadProperties("/file", List.of(set("a")));
        try (ScratchFilesystem ramfs = mountRamfsOrSkip(root.resolve("ramfs"))) {
            put(storage, "/ramfs/file", "abc");
            storage.copy("/file", "/ramfs/copy", false);

            assertThat(ramfs.directory().resolve("copy")).hasContent("abc");
            assertNotSupported(storage, "/ramfs/file");
            assertThat(storage.deadProperties("/ramfs/copy")).isEmpty();
            assertThat(storage.deadProperties("/file")).containsKey(AUTHOR);
        }
    }

    private static PropertyChange set(String value) {
        return new PropertyChange.Set(AUTHOR, value.getBytes(StandardCharsets.UTF_8));
    }

    private static void assertNotSupported(Storage storage, String path) {
        assertThatThrownBy(() -> storage.updateDeadProperties(path, List.of(set("a"))))
                .isInstanceOfSatisfying(PropertyUpdateException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.NOT_SUPPORTED);
                    assertThat(e.failedChange()).isEmpty();
                    assertThat(e.getMessage()).contains("no user extended attributes");
                });
    }

    private static ScratchFilesystem mountRamfsOrSkip(Path directory) throws Exception {
        Optional<ScratchFilesystem> ramfs = ScratchFilesystem.mount(directory, "ramfs", "");
        assumeTrue(ramfs.isPresent(), "cannot mount a ramfs here (needs root)");
        return ramfs.get();
    }
}
