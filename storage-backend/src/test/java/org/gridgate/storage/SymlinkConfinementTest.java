package org.gridgate.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.gridgate.storage.StorageTestSupport.names;
import static org.gridgate.storage.StorageTestSupport.put;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.gridgate.storage.StorageException.Reason;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The namespace has no symbolic links: whatever they point to, going through one is FORBIDDEN_PATH. */
class SymlinkConfinementTest {
    @TempDir
    Path workspace;
    Path root;
    Path outside;
    Storage storage;

    @BeforeEach
    void createRootWithLinksOut() throws IOException {
        root = Files.createDirectory(workspace.resolve("root"));
        outside = Files.createDirectory(workspace.resolve("outside"));
        Files.writeString(outside.resolve("secret"), "do not read");
        Files.createSymbolicLink(root.resolve("escape"), outside);
        Files.createSymbolicLink(root.resolve("etc"), Path.of("/etc"));
        Files.createSymbolicLink(root.resolve("secret-file"), outside.resolve("secret"));
        Files.createSymbolicLink(root.resolve("dangling"), outside.resolve("not-yet"));
        storage = PosixStorage.open(root);
    }

    @Test
    void readingThroughALinkToAnOutsideDirectoryIsForbidden() {
        assertForbidden(() -> storage.openForRead("/escape/secret"));
        assertForbidden(() -> storage.openForRead("/etc/passwd"));
    }

    @Test
    void readingALinkToAnOutsideFileIsForbidden() {
        assertForbidden(() -> storage.openForRead("/secret-file"));
    }

    @Test
    void statAndChecksumsThroughALinkAreForbidden() {
        assertForbidden(() -> storage.stat("/escape"));
        assertForbidden(() -> storage.stat("/escape/secret"));
        assertForbidden(() -> storage.checksums("/secret-file"));
    }

    @Test
    void listingThroughALinkIsForbidden() {
        assertForbidden(() -> storage.list("/escape"));
        assertForbidden(() -> storage.list("/etc"));
    }

    @Test
    void linksAreNotListed() throws Exception {
        put(storage, "/real", "x");

        assertThat(names(storage.list("/"))).containsExactly("real");
    }

    @Test
    void writingThroughALinkIsForbiddenAndCreatesNothingOutside() {
        assertForbidden(() -> storage.beginUpload("/escape/planted", UploadOptions.defaults()));
        assertForbidden(() -> storage.beginUpload("/secret-file", UploadOptions.defaults()));
        assertForbidden(() -> storage.beginUpload("/dangling", UploadOptions.defaults()));
        assertForbidden(() -> storage.mkdir("/escape/dir"));

        assertThat(outside.toFile().list()).containsExactly("secret");
    }

    @Test
    void deletingThroughALinkIsForbiddenAndKeepsTheTarget() throws Exception {
        assertForbidden(() -> storage.delete("/escape/secret"));
        assertForbidden(() -> storage.delete("/secret-file"));

        assertThat(Files.readString(outside.resolve("secret"))).isEqualTo("do not read");
    }

    @Test
    void movingOrCopyingThroughALinkIsForbidden() throws Exception {
        put(storage, "/mine", "x");

        assertForbidden(() -> storage.move("/escape/secret", "/stolen", false));
        assertForbidden(() -> storage.copy("/secret-file", "/stolen", false));
        assertForbidden(() -> storage.move("/mine", "/escape/mine", false));
        assertForbidden(() -> storage.copy("/mine", "/escape/mine", false));
        assertForbidden(() -> storage.move("/mine", "/dangling", true));

        assertThat(outside.toFile().list()).containsExactly("secret");
    }

    @Test
    void linkToADirectoryInsideTheRootIsForbiddenToo() throws Exception {
        storage.mkdir("/inside");
        Files.createSymbolicLink(root.resolve("alias"), root.resolve("inside"));

        assertForbidden(() -> storage.list("/alias"));
    }

    @Test
    void aLinkAboveTheRootIsResolvedOnceAtOpen() throws Exception {
        Path linkToRoot = Files.createSymbolicLink(workspace.resolve("root-link"), root);
        Storage viaLink = PosixStorage.open(linkToRoot);

        put(viaLink, "/file", "x");

        assertThat(Files.readString(root.resolve("file"))).isEqualTo("x");
    }

    @Test
    void aLinkPlantedWhereCommitWouldCreateParentsIsForbiddenAndNothingIsWrittenOutside() throws Exception {
        Upload upload = storage.beginUpload("/new/sub/file", UploadOptions.defaults());
        upload.write(StorageTestSupport.bytes("x"));
        Files.createSymbolicLink(root.resolve("new"), outside);

        assertForbidden(() -> upload.commit(Map.of()));
        assertThat(outside.toFile().list()).containsExactly("secret");
        assertThat(StorageTestSupport.everythingOnDisk(root)).noneMatch(name -> name.contains(".gridgate-"));
    }

    /**
     * Someone with shell or another protocol's access swaps a directory for a link while an upload into it streams:
     * the commit refuses (it looks the path up again), so the upload lands neither outside nor anywhere else. What
     * remains open is a swap in the microseconds between that second lookup and the rename (README, Weak points).
     */
    @Test
    void aDirectorySwappedForALinkDuringAnUploadIsRefusedAtCommitAndNothingIsWrittenOutside() throws Exception {
        storage.mkdir("/dir");
        Upload upload = storage.beginUpload("/dir/file", UploadOptions.defaults());
        upload.write(StorageTestSupport.bytes("x"));
        Files.move(root.resolve("dir"), root.resolve("dir-away"));
        Files.createSymbolicLink(root.resolve("dir"), outside);

        // FORBIDDEN_PATH from the second lookup, or NOT_FOUND if the staged file is already missed through the link
        assertThatThrownBy(() -> upload.commit(Map.of())).isInstanceOf(StorageException.class);
        assertThat(outside.toFile().list()).containsExactly("secret");
        assertThat(root.resolve("dir-away/file")).doesNotExist();
    }

    @AfterEach
    void removeTheLinkToEtc() throws IOException {
        // JUnit's cleanup would handle it too, but warns about links leaving the temporary directory
        Files.deleteIfExists(root.resolve("etc"));
    }

    private static void assertForbidden(ThrowingCallable call) {
        assertThatThrownBy(call).isInstanceOf(StorageException.class)
                .extracting("reason").isEqualTo(Reason.FORBIDDEN_PATH);
    }
}
