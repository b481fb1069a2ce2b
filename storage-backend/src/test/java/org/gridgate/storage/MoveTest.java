package org.gridgate.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.gridgate.storage.StorageTestSupport.everythingOnDisk;
import static org.gridgate.storage.StorageTestSupport.put;
import static org.gridgate.storage.StorageTestSupport.read;


import org.gridgate.storage.StorageException.Reason;
import org.junit.jupiter.api.Test;

class MoveTest extends PosixStorageFixture {

    @Test
    void moveRenamesAFile() throws Exception {
        put(storage, "/a", "content");

        storage.move("/a", "/b", false);

        assertThat(read(storage, "/b")).isEqualTo("content");
        assertThat(everythingOnDisk(root)).containsExactly("b");
    }

    @Test
    void moveKeepsTheEtagOfTheContent() throws Exception {
        String etag = put(storage, "/a", "content").etag();

        storage.move("/a", "/b", false);

        assertThat(storage.stat("/b").etag()).isEqualTo(etag);
    }

    @Test
    void moveRenamesADirectoryWithItsContent() throws Exception {
        put(storage, "/dir/sub/file", "content");

        storage.move("/dir", "/renamed", false);

        assertThat(read(storage, "/renamed/sub/file")).isEqualTo("content");
        assertThat(everythingOnDisk(root)).containsExactly("renamed", "renamed/sub", "renamed/sub/file");
    }

    @Test
    void moveOntoAnExistingFileWithoutOverwriteIsAlreadyExistsAndChangesNothing() throws Exception {
        put(storage, "/a", "a");
        put(storage, "/b", "b");

        assertThatThrownBy(() -> storage.move("/a", "/b", false)).extracting("reason")
                .isEqualTo(Reason.ALREADY_EXISTS);
        assertThat(read(storage, "/a")).isEqualTo("a");
        assertThat(read(storage, "/b")).isEqualTo("b");
    }

    @Test
    void moveWithOverwriteReplacesAFile() throws Exception {
        put(storage, "/a", "a");
        put(storage, "/b", "b");

        storage.move("/a", "/b", true);

        assertThat(read(storage, "/b")).isEqualTo("a");
        assertThat(everythingOnDisk(root)).containsExactly("b");
    }

    @Test
    void moveWithOverwriteReplacesANonEmptyDirectoryWithAFile() throws Exception {
        put(storage, "/a", "a");
        put(storage, "/dir/sub/file", "x");

        storage.move("/a", "/dir", true);

        assertThat(read(storage, "/dir")).isEqualTo("a");
        assertThat(everythingOnDisk(root)).containsExactly("dir");
    }

    @Test
    void moveWithOverwriteReplacesAFileWithADirectory() throws Exception {
        put(storage, "/dir/file", "x");
        put(storage, "/target", "t");

        storage.move("/dir", "/target", true);

        assertThat(read(storage, "/target/file")).isEqualTo("x");
        assertThat(everythingOnDisk(root)).containsExactly("target", "target/file");
    }

    @Test
    void moveWithOverwriteReplacesANonEmptyDirectoryWithADirectory() throws Exception {
        put(storage, "/src/new", "n");
        put(storage, "/dst/old/deep", "o");

        storage.move("/src", "/dst", true);

        assertThat(everythingOnDisk(root)).containsExactly("dst", "dst/new");
    }

    @Test
    void moveOfAMissingSourceIsNotFound() {
        assertThatThrownBy(() -> storage.move("/missing", "/b", false)).extracting("reason")
                .isEqualTo(Reason.NOT_FOUND);
    }

    @Test
    void moveIntoAMissingParentIsParentMissing() throws Exception {
        put(storage, "/a", "a");

        assertThatThrownBy(() -> storage.move("/a", "/no/such/b", false)).extracting("reason")
                .isEqualTo(Reason.PARENT_MISSING);
    }

    @Test
    void moveBelowAFileIsNotDirectory() throws Exception {
        put(storage, "/a", "a");
        put(storage, "/file", "f");

        assertThatThrownBy(() -> storage.move("/a", "/file/b", false)).extracting("reason")
                .isEqualTo(Reason.NOT_DIRECTORY);
    }

    @Test
    void moveOfADirectoryIntoItselfIsForbidden() throws Exception {
        storage.mkdir("/dir");

        assertThatThrownBy(() -> storage.move("/dir", "/dir/inside", true)).extracting("reason")
                .isEqualTo(Reason.FORBIDDEN_PATH);
    }

    @Test
    void moveOntoItsOwnAncestorIsForbiddenAndKeepsEverything() throws Exception {
        put(storage, "/dir/sub/file", "x");

        assertThatThrownBy(() -> storage.move("/dir/sub", "/dir", true)).extracting("reason")
                .isEqualTo(Reason.FORBIDDEN_PATH);
        assertThat(read(storage, "/dir/sub/file")).isEqualTo("x");
    }

    @Test
    void moveOntoItselfIsForbidden() throws Exception {
        put(storage, "/a", "a");

        assertThatThrownBy(() -> storage.move("/a", "/a", true)).extracting("reason")
                .isEqualTo(Reason.FORBIDDEN_PATH);
    }

    @Test
    void moveOfTheRootIsForbidden() {
        assertThatThrownBy(() -> storage.move("/", "/elsewhere", false)).extracting("reason")
                .isEqualTo(Reason.FORBIDDEN_PATH);
    }

    @Test
    void moveOntoAReservedNameIsForbidden() throws Exception {
        put(storage, "/a", "a");

        assertThatThrownBy(() -> storage.move("/a", "/.gridgate-upload-fake", false)).extracting("reason")
                .isEqualTo(Reason.FORBIDDEN_PATH);
    }
}
