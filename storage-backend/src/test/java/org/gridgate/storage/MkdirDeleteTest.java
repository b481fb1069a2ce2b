package org.gridgate.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.gridgate.storage.StorageTestSupport.bytes;
import static org.gridgate.storage.StorageTestSupport.everythingOnDisk;
import static org.gridgate.storage.StorageTestSupport.put;

import java.nio.file.Files;
import java.util.Map;

import org.gridgate.storage.StorageException.Reason;
import org.junit.jupiter.api.Test;

class MkdirDeleteTest extends PosixStorageFixture {

    @Test
    void mkdirCreatesADirectory() throws Exception {
        storage.mkdir("/dir");

        assertThat(Files.isDirectory(root.resolve("dir"))).isTrue();
    }

    @Test
    void mkdirOfAnExistingDirectoryIsAlreadyExists() throws Exception {
        storage.mkdir("/dir");

        assertThatThrownBy(() -> storage.mkdir("/dir")).extracting("reason").isEqualTo(Reason.ALREADY_EXISTS);
    }

    @Test
    void mkdirOverAFileIsAlreadyExists() throws Exception {
        put(storage, "/file", "x");

        assertThatThrownBy(() -> storage.mkdir("/file")).extracting("reason").isEqualTo(Reason.ALREADY_EXISTS);
    }

    @Test
    void mkdirOfTheRootIsAlreadyExists() {
        assertThatThrownBy(() -> storage.mkdir("/")).extracting("reason").isEqualTo(Reason.ALREADY_EXISTS);
    }

    @Test
    void mkdirWithAMissingParentIsParentMissing() {
        assertThatThrownBy(() -> storage.mkdir("/a/b")).extracting("reason").isEqualTo(Reason.PARENT_MISSING);
    }

    @Test
    void mkdirBelowAFileIsNotDirectory() throws Exception {
        put(storage, "/file", "x");

        assertThatThrownBy(() -> storage.mkdir("/file/dir")).extracting("reason").isEqualTo(Reason.NOT_DIRECTORY);
    }

    @Test
    void deleteRemovesAFile() throws Exception {
        put(storage, "/file", "x");

        storage.delete("/file");

        assertThat(everythingOnDisk(root)).isEmpty();
    }

    @Test
    void deleteRemovesAnEmptyDirectory() throws Exception {
        storage.mkdir("/dir");

        storage.delete("/dir");

        assertThat(everythingOnDisk(root)).isEmpty();
    }

    @Test
    void deleteOfANonEmptyDirectoryIsNotEmpty() throws Exception {
        put(storage, "/dir/file", "x");

        assertThatThrownBy(() -> storage.delete("/dir")).extracting("reason").isEqualTo(Reason.NOT_EMPTY);
        assertThat(everythingOnDisk(root)).containsExactly("dir", "dir/file");
    }

    @Test
    void aDirectoryHoldingOnlyAnAbandonedUploadCountsAsEmpty() throws Exception {
        storage.mkdir("/dir");
        Files.writeString(root.resolve("dir/.gridgate-upload-crashed"), "partial");

        storage.delete("/dir");

        assertThat(everythingOnDisk(root)).isEmpty();
    }

    @Test
    void anUploadIntoADeletedDirectoryFailsAtCommit() throws Exception {
        storage.mkdir("/dir");
        Upload upload = storage.beginUpload("/dir/file", UploadOptions.defaults());
        upload.write(bytes("x"));

        storage.delete("/dir");

        // the staged bytes went with the directory: nothing to commit, and nothing recreated
        assertThatThrownBy(() -> upload.commit(Map.of())).isInstanceOf(StorageException.class);
        assertThat(everythingOnDisk(root)).isEmpty();
    }

    @Test
    void deleteOfAMissingPathIsNotFound() {
        assertThatThrownBy(() -> storage.delete("/missing")).extracting("reason").isEqualTo(Reason.NOT_FOUND);
    }

    @Test
    void deleteOfTheRootIsForbidden() {
        assertThatThrownBy(() -> storage.delete("/")).extracting("reason").isEqualTo(Reason.FORBIDDEN_PATH);
    }

    @Test
    void deleteOfAnInternalFileIsForbidden() throws Exception {
        Files.writeString(root.resolve(".gridgate-upload-x"), "x");

        assertThatThrownBy(() -> storage.delete("/.gridgate-upload-x"))
                .extracting("reason").isEqualTo(Reason.FORBIDDEN_PATH);
        assertThat(Files.exists(root.resolve(".gridgate-upload-x"))).isTrue();
    }
}
