package org.gridgate.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.gridgate.storage.StorageTestSupport.everythingOnDisk;
import static org.gridgate.storage.StorageTestSupport.put;
import static org.gridgate.storage.StorageTestSupport.read;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;

import org.gridgate.storage.StorageException.Reason;
import org.junit.jupiter.api.Test;

class CopyTest extends PosixStorageFixture {

    @Test
    void copyDuplicatesAFile() throws Exception {
        put(storage, "/a", "content");

        storage.copy("/a", "/b", false);

        assertThat(read(storage, "/a")).isEqualTo("content");
        assertThat(read(storage, "/b")).isEqualTo("content");
        assertThat(everythingOnDisk(root)).containsExactly("a", "b");
    }

    @Test
    void aCopyIsANewFileWithItsOwnEtag() throws Exception {
        String etag = put(storage, "/a", "content").etag();

        storage.copy("/a", "/b", false);

        assertThat(storage.stat("/b").etag()).isNotEqualTo(etag);
    }

    @Test
    void copyOfAFileWrittenOutsideTheDoorGetsChecksums() throws Exception {
        Files.writeString(root.resolve("foreign"), "abc");

        storage.copy("/foreign", "/copy", false);

        assertThat(storage.checksums("/copy")).containsEntry(ChecksumAlgorithm.ADLER32, "024d0127");
    }

    @Test
    void copyDuplicatesADirectoryTreeWithChecksums() throws Exception {
        put(storage, "/dir/a", "a");
        put(storage, "/dir/sub/b", "b");
        storage.mkdir("/dir/empty");

        storage.copy("/dir", "/copy", false);

        assertThat(everythingOnDisk(root.resolve("copy"))).containsExactly("a", "empty", "sub", "sub/b");
        assertThat(read(storage, "/copy/sub/b")).isEqualTo("b");
        assertThat(storage.checksums("/copy/sub/b")).isEqualTo(storage.checksums("/dir/sub/b")).isNotEmpty();
    }

    @Test
    void copyOfADirectoryLeavesOutLinksAndInternalFiles() throws Exception {
        put(storage, "/dir/a", "a");
        Files.createSymbolicLink(root.resolve("dir/link"), root.resolve("dir/a"));
        Files.writeString(root.resolve("dir/.gridgate-upload-x"), "partial");

        storage.copy("/dir", "/copy", false);

        assertThat(everythingOnDisk(root.resolve("copy"))).containsExactly("a");
    }

    @Test
    void copyOntoAnExistingFileWithoutOverwriteIsAlreadyExists() throws Exception {
        put(storage, "/a", "a");
        put(storage, "/b", "b");

        assertThatThrownBy(() -> storage.copy("/a", "/b", false)).extracting("reason")
                .isEqualTo(Reason.ALREADY_EXISTS);
        assertThat(read(storage, "/b")).isEqualTo("b");
    }

    @Test
    void copyWithOverwriteReplacesAFile() throws Exception {
        put(storage, "/a", "a");
        put(storage, "/b", "b");

        storage.copy("/a", "/b", true);

        assertThat(read(storage, "/b")).isEqualTo("a");
        assertThat(everythingOnDisk(root)).containsExactly("a", "b");
    }

    @Test
    void copyWithOverwriteReplacesADirectoryWithAFile() throws Exception {
        put(storage, "/a", "a");
        put(storage, "/dir/old", "o");

        storage.copy("/a", "/dir", true);

        assertThat(read(storage, "/dir")).isEqualTo("a");
        assertThat(everythingOnDisk(root)).containsExactly("a", "dir");
    }

    @Test
    void copyWithOverwriteReplacesADirectoryWithADirectory() throws Exception {
        put(storage, "/src/new", "n");
        put(storage, "/dst/old", "o");

        storage.copy("/src", "/dst", true);

        assertThat(everythingOnDisk(root)).containsExactly("dst", "dst/new", "src", "src/new");
    }

    @Test
    void copyOfADirectoryIntoItselfIsForbidden() throws Exception {
        storage.mkdir("/dir");

        assertThatThrownBy(() -> storage.copy("/dir", "/dir/inside", false)).extracting("reason")
                .isEqualTo(Reason.FORBIDDEN_PATH);
        assertThat(everythingOnDisk(root)).containsExactly("dir");
    }

    @Test
    void copyOntoItsOwnAncestorIsForbidden() throws Exception {
        put(storage, "/dir/sub/file", "x");

        assertThatThrownBy(() -> storage.copy("/dir/sub", "/dir", true)).extracting("reason")
                .isEqualTo(Reason.FORBIDDEN_PATH);
    }

    @Test
    void copyOfAMissingSourceIsNotFound() {
        assertThatThrownBy(() -> storage.copy("/missing", "/b", false)).extracting("reason")
                .isEqualTo(Reason.NOT_FOUND);
    }

    @Test
    void copyIntoAMissingParentIsParentMissing() throws Exception {
        put(storage, "/a", "a");

        assertThatThrownBy(() -> storage.copy("/a", "/no/b", false)).extracting("reason")
                .isEqualTo(Reason.PARENT_MISSING);
    }

    @Test
    void copyOfAFileThatNoLongerMatchesItsRecordedChecksumsIsRefusedAndLeavesNothing() throws Exception {
        put(storage, "/a", "abc");
        Path local = root.resolve("a");
        FileTime recordedTime = Files.getLastModifiedTime(local);
        // bit rot: same size, same mtime, different bytes
        Files.writeString(local, "abd");
        Files.setLastModifiedTime(local, recordedTime);

        assertThatThrownBy(() -> storage.copy("/a", "/b", false)).extracting("reason").isEqualTo(Reason.IO_ERROR);
        assertThat(everythingOnDisk(root)).containsExactly("a");
    }

    @Test
    void aFailedDirectoryCopyLeavesNothing() throws Exception {
        put(storage, "/dir/good", "abc");
        put(storage, "/dir/rotten", "abc");
        Path rotten = root.resolve("dir/rotten");
        FileTime recordedTime = Files.getLastModifiedTime(rotten);
        Files.writeString(rotten, "xyz");
        Files.setLastModifiedTime(rotten, recordedTime);

        assertThatThrownBy(() -> storage.copy("/dir", "/copy", false)).isInstanceOf(StorageException.class);
        assertThat(everythingOnDisk(root)).containsExactly("dir", "dir/good", "dir/rotten");
    }
}
