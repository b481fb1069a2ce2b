package org.gridgate.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.gridgate.storage.StorageTestSupport.everythingOnDisk;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SweepStaleUploadsTest {
    private static final FileTime TWO_DAYS_AGO = FileTime.from(Instant.now().minus(Duration.ofDays(2)));

    @TempDir
    Path workspace;

    @Test
    void removesOldLeftoversAnywhereInTheTree() throws Exception {
        Path root = Files.createDirectory(workspace.resolve("root"));
        Files.createDirectories(root.resolve("a/b"));
        stale(Files.writeString(root.resolve(".gridgate-upload-1"), "partial"));
        stale(Files.writeString(root.resolve("a/b/.gridgate-upload-2"), "partial"));
        Path copy = Files.createDirectories(root.resolve("a/.gridgate-copy-3/inner"));
        Files.writeString(copy.resolve("file"), "x");
        stale(copy.getParent());

        int removed = PosixStorage.sweepStaleUploads(root, Duration.ofHours(24));

        assertThat(removed).isEqualTo(3);
        assertThat(everythingOnDisk(root)).containsExactly("a", "a/b");
    }

    @Test
    void keepsFreshUploadsAndUserFiles() throws Exception {
        Path root = Files.createDirectory(workspace.resolve("root"));
        Files.writeString(root.resolve(".gridgate-upload-in-progress"), "partial");
        stale(Files.writeString(root.resolve("old-user-file"), "x"));

        int removed = PosixStorage.sweepStaleUploads(root, Duration.ofHours(24));

        assertThat(removed).isZero();
        assertThat(everythingOnDisk(root)).containsExactly(".gridgate-upload-in-progress", "old-user-file");
    }

    @Test
    void doesNotFollowLinksOutOfTheRoot() throws Exception {
        Path root = Files.createDirectory(workspace.resolve("root"));
        Path outside = Files.createDirectory(workspace.resolve("outside"));
        stale(Files.writeString(outside.resolve(".gridgate-upload-not-ours"), "x"));
        Files.createSymbolicLink(root.resolve("link"), outside);

        PosixStorage.sweepStaleUploads(root, Duration.ofHours(24));

        assertThat(Files.exists(outside.resolve(".gridgate-upload-not-ours"))).isTrue();
    }

    @Test
    void anUploadInProgressSurvivesASweepAndCommits() throws Exception {
        Path root = Files.createDirectory(workspace.resolve("root"));
        Storage storage = PosixStorage.open(root);
        try (Upload upload = storage.beginUpload("/file", UploadOptions.defaults())) {
            upload.write(StorageTestSupport.bytes("x"));

            PosixStorage.sweepStaleUploads(root, Duration.ofHours(24));
            upload.commit(java.util.Map.of());
        }

        assertThat(everythingOnDisk(root)).containsExactly("file");
    }

    private static Path stale(Path path) throws IOException {
        Files.setLastModifiedTime(path, TWO_DAYS_AGO);
        return path;
    }
}
