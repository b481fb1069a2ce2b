package org.gridgate.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.gridgate.storage.StorageTestSupport.bytes;
import static org.gridgate.storage.StorageTestSupport.names;
import static org.gridgate.storage.StorageTestSupport.put;
import static org.gridgate.storage.StorageTestSupport.read;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;

import org.gridgate.storage.StorageException.Reason;
import org.junit.jupiter.api.Test;

class StatListReadTest extends PosixStorageFixture {

    @Test
    void theRootIsADirectory() throws Exception {
        FileStat stat = storage.stat("/");

        assertThat(stat.directory()).isTrue();
        assertThat(stat.path()).isEqualTo("/");
        assertThat(stat.name()).isEmpty();
    }

    @Test
    void statOfAFileGivesSizeTimeAndPath() throws Exception {
        put(storage, "/dir/file", "12345");
        Files.setLastModifiedTime(root.resolve("dir/file"), FileTime.fromMillis(1_600_000_000_000L));

        FileStat stat = storage.stat("/dir/file");

        assertThat(stat.path()).isEqualTo("/dir/file");
        assertThat(stat.size()).isEqualTo(5);
        assertThat(stat.lastModified().toEpochMilli()).isEqualTo(1_600_000_000_000L);
        assertThat(stat.directory()).isFalse();
    }

    @Test
    void directoriesHaveSizeZero() throws Exception {
        storage.mkdir("/dir");

        assertThat(storage.stat("/dir").size()).isZero();
    }

    @Test
    void statOfAMissingPathIsNotFound() {
        assertThatThrownBy(() -> storage.stat("/missing")).extracting("reason").isEqualTo(Reason.NOT_FOUND);
    }

    @Test
    void findAnswersAbsenceWithEmptyAndOtherFailuresWithTheirReason() throws Exception {
        put(storage, "/file", "x");

        assertThat(storage.find("/missing")).isEmpty();
        assertThat(storage.find("/file")).map(FileStat::size).contains(1L);
        assertThatThrownBy(() -> storage.find("/../escape")).isInstanceOf(StorageException.class)
                .extracting("reason").isNotEqualTo(Reason.NOT_FOUND);
    }

    @Test
    void statBelowAFileIsNotFound() throws Exception {
        put(storage, "/file", "x");

        assertThatThrownBy(() -> storage.stat("/file/below")).extracting("reason").isEqualTo(Reason.NOT_FOUND);
    }

    @Test
    void trailingSlashNamesTheSameEntry() throws Exception {
        storage.mkdir("/dir");

        assertThat(storage.stat("/dir/")).isEqualTo(storage.stat("/dir"));
    }

    @Test
    void etagIsStableAcrossCallsAndDoorInstances() throws Exception {
        put(storage, "/file", "content");
        Storage otherDoor = PosixStorage.open(root);

        assertThat(storage.stat("/file").etag())
                .isEqualTo(storage.stat("/file").etag())
                .isEqualTo(otherDoor.stat("/file").etag());
    }

    @Test
    void etagChangesWhenTheFileIsRewrittenInPlace() throws Exception {
        put(storage, "/file", "content");
        Path local = root.resolve("file");
        FileTime before = Files.getLastModifiedTime(local);
        String etag = storage.stat("/file").etag();

        Files.writeString(local, "CONTENT");
        Files.setLastModifiedTime(local, FileTime.fromMillis(before.toMillis() + 1));

        assertThat(storage.stat("/file").etag()).isNotEqualTo(etag);
    }

    @Test
    void listIsSortedByName() throws Exception {
        put(storage, "/b", "");
        put(storage, "/a", "");
        storage.mkdir("/c");

        assertThat(names(storage.list("/"))).containsExactly("a", "b", "c");
    }

    @Test
    void listGivesChildPathsAndKinds() throws Exception {
        storage.mkdir("/dir");
        put(storage, "/dir/file", "xy");
        storage.mkdir("/dir/sub");

        assertThat(storage.list("/dir")).extracting(FileStat::path, FileStat::directory, FileStat::size)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("/dir/file", false, 2L),
                        org.assertj.core.groups.Tuple.tuple("/dir/sub", true, 0L));
    }

    @Test
    void listHidesUploadsInProgress() throws Exception {
        try (Upload upload = storage.beginUpload("/pending", UploadOptions.defaults())) {
            upload.write(bytes("x"));

            assertThat(storage.list("/")).isEmpty();
            assertThat(Files.list(root).count()).isEqualTo(1);
        }
    }

    @Test
    void listHidesReservedAndUnaddressableNames() throws Exception {
        Files.writeString(root.resolve(".gridgate-upload-left-over"), "x");
        Files.writeString(root.resolve("back\\slash"), "x");
        Files.writeString(root.resolve("new\nline"), "x");
        Files.writeString(root.resolve("visible"), "x");

        assertThat(names(storage.list("/"))).containsExactly("visible");
    }

    @Test
    void internalFilesCannotBeStatted() throws Exception {
        Files.writeString(root.resolve(".gridgate-upload-left-over"), "x");

        assertThatThrownBy(() -> storage.stat("/.gridgate-upload-left-over"))
                .extracting("reason").isEqualTo(Reason.FORBIDDEN_PATH);
    }

    @Test
    void listOfAFileIsNotDirectory() throws Exception {
        put(storage, "/file", "x");

        assertThatThrownBy(() -> storage.list("/file")).extracting("reason").isEqualTo(Reason.NOT_DIRECTORY);
    }

    @Test
    void listOfAMissingDirectoryIsNotFound() {
        assertThatThrownBy(() -> storage.list("/missing")).extracting("reason").isEqualTo(Reason.NOT_FOUND);
    }

    @Test
    void openForReadGivesTheBytesAndTheStat() throws Exception {
        FileStat committed = put(storage, "/file", "payload");

        try (ReadableFile file = storage.openForRead("/file")) {
            assertThat(file.stat()).isEqualTo(committed);
            assertThat(file.channel().size()).isEqualTo(7);
        }
        assertThat(read(storage, "/file")).isEqualTo("payload");
    }

    @Test
    void closingAReadableFileClosesItsChannel() throws Exception {
        put(storage, "/file", "payload");
        ReadableFile file = storage.openForRead("/file");

        file.close();

        assertThat(file.channel().isOpen()).isFalse();
    }

    @Test
    void openingADirectoryIsIsDirectory() throws Exception {
        storage.mkdir("/dir");

        assertThatThrownBy(() -> storage.openForRead("/dir")).extracting("reason").isEqualTo(Reason.IS_DIRECTORY);
    }

    @Test
    void openingAMissingFileIsNotFound() {
        assertThatThrownBy(() -> storage.openForRead("/missing")).extracting("reason").isEqualTo(Reason.NOT_FOUND);
    }

    @Test
    void aReaderKeepsTheOldContentWhileAnOverwriteCommits() throws Exception {
        put(storage, "/file", "old");

        try (ReadableFile reader = storage.openForRead("/file")) {
            put(storage, "/file", "new!");

            java.nio.ByteBuffer buffer = java.nio.ByteBuffer.allocate(16);
            reader.channel().read(buffer, 0);
            assertThat(new String(buffer.array(), 0, buffer.position(), java.nio.charset.StandardCharsets.UTF_8))
                    .isEqualTo("old");
        }
        assertThat(read(storage, "/file")).isEqualTo("new!");
    }
}
