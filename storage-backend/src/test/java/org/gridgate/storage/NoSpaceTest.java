package org.gridgate.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.gridgate.storage.StorageTestSupport.everythingOnDisk;
import static org.gridgate.storage.StorageTestSupport.put;
import static org.gridgate.storage.StorageTestSupport.read;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Optional;

import org.gridgate.storage.StorageException.Reason;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real full disk: a 1 MiB tmpfs. Mounting needs root and CAP_SYS_ADMIN; where that is not available the tests
 * are skipped, never failed.
 */
class NoSpaceTest {
    @TempDir
    Path workspace;
    Path root;
    Optional<ScratchFilesystem> tiny = Optional.empty();

    @BeforeEach
    void mountATinyFilesystem() throws Exception {
        root = workspace.resolve("tiny");
        tiny = ScratchFilesystem.mount(root, "tmpfs", "size=1m");
        assumeTrue(tiny.isPresent(), "cannot mount a tmpfs here (needs root); skipping the full-disk tests");
    }

    @AfterEach
    void unmount() throws Exception {
        if (tiny.isPresent()) {
            tiny.get().close();
        }
    }

    @Test
    void aFullDiskIsNoSpaceAndLeavesNoTemporaryFile() throws Exception {
        Storage storage = PosixStorage.open(root);
        Upload upload = storage.beginUpload("/big", UploadOptions.defaults());

        assertThatThrownBy(() -> {
            for (int i = 0; i < 32; i++) {
                upload.write(ByteBuffer.allocate(64 * 1024));
            }
        }).extracting("reason").isEqualTo(Reason.NO_SPACE);
        assertThat(everythingOnDisk(root)).isEmpty();
    }

    @Test
    void aFullDiskDuringAnOverwriteKeepsTheOldFile() throws Exception {
        Storage storage = PosixStorage.open(root);
        put(storage, "/file", "old content");

        try (Upload upload = storage.beginUpload("/file", UploadOptions.defaults())) {
            assertThatThrownBy(() -> {
                for (int i = 0; i < 32; i++) {
                    upload.write(ByteBuffer.allocate(64 * 1024));
                }
            }).extracting("reason").isEqualTo(Reason.NO_SPACE);
        }

        assertThat(read(storage, "/file")).isEqualTo("old content");
        assertThat(everythingOnDisk(root)).containsExactly("file");
    }

    @Test
    void aFullDiskDuringACopyIsNoSpaceAndLeavesNoPartialCopy() throws Exception {
        Storage storage = PosixStorage.open(root);
        try (Upload upload = storage.beginUpload("/file", UploadOptions.defaults())) {
            upload.write(ByteBuffer.allocate(600 * 1024));
            upload.commit(java.util.Map.of());
        }

        assertThatThrownBy(() -> storage.copy("/file", "/copy", false))
                .extracting("reason").isEqualTo(Reason.NO_SPACE);
        assertThat(everythingOnDisk(root)).containsExactly("file");
    }
}
