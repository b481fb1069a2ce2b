package org.gridgate.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.gridgate.storage.StorageTestSupport.everythingOnDisk;
import static org.gridgate.storage.StorageTestSupport.put;
import static org.gridgate.storage.StorageTestSupport.read;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

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
    boolean mounted;

    @BeforeEach
    void mountATinyFilesystem() throws Exception {
        root = Files.createDirectory(workspace.resolve("tiny"));
        mounted = run("mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", root.toString());
        assumeTrue(mounted, "cannot mount a tmpfs here (needs root); skipping the full-disk tests");
    }

    @AfterEach
    void unmount() throws Exception {
        if (mounted) {
            run("umount", root.toString());
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

    private static boolean run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        // a bound so that a hung mount cannot hang the build; not a timing assertion
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            return false;
        }
        return process.exitValue() == 0;
    }
}
