package org.gridgate.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.gridgate.storage.StorageTestSupport.bytes;
import static org.gridgate.storage.StorageTestSupport.everythingOnDisk;
import static org.gridgate.storage.StorageTestSupport.put;
import static org.gridgate.storage.StorageTestSupport.read;

import java.nio.file.Files;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;

import org.gridgate.storage.StorageException.Reason;
import org.junit.jupiter.api.Test;

class UploadTest extends PosixStorageFixture {
    private static final UploadOptions NO_OVERWRITE = new UploadOptions(false, false, OptionalLong.empty(), Set.of());
    private static final UploadOptions NO_PARENTS = new UploadOptions(false, true, OptionalLong.empty(), Set.of());

    @Test
    void committedUploadIsReadableWithItsBytes() throws Exception {
        FileStat stat = put(storage, "/hello.txt", "hello world");

        assertThat(read(storage, "/hello.txt")).isEqualTo("hello world");
        assertThat(stat.path()).isEqualTo("/hello.txt");
        assertThat(stat.size()).isEqualTo(11);
        assertThat(stat.directory()).isFalse();
    }

    @Test
    void commitReturnsTheSameStatAsAStatAfterwards() throws Exception {
        FileStat committed = put(storage, "/f", "content");

        assertThat(storage.stat("/f")).isEqualTo(committed);
    }

    @Test
    void nothingIsVisibleBeforeCommit() throws Exception {
        try (Upload upload = storage.beginUpload("/pending", UploadOptions.defaults())) {
            upload.write(bytes("half"));

            assertThatThrownBy(() -> storage.stat("/pending")).extracting("reason").isEqualTo(Reason.NOT_FOUND);
            assertThat(storage.list("/")).isEmpty();
        }
    }

    @Test
    void abortedUploadLeavesNothingOnDisk() throws Exception {
        Upload upload = storage.beginUpload("/gone", UploadOptions.defaults());
        upload.write(bytes("some bytes"));

        upload.abort();

        assertThat(everythingOnDisk(root)).isEmpty();
    }

    @Test
    void closingAnUncommittedUploadAbortsIt() throws Exception {
        try (Upload upload = storage.beginUpload("/gone", UploadOptions.defaults())) {
            upload.write(bytes("some bytes"));
        }

        assertThat(everythingOnDisk(root)).isEmpty();
    }

    @Test
    void abortAndCloseMayBeRepeated() throws Exception {
        Upload upload = storage.beginUpload("/gone", UploadOptions.defaults());
        upload.abort();
        upload.abort();
        upload.close();

        assertThat(everythingOnDisk(root)).isEmpty();
    }

    @Test
    void closingACommittedUploadKeepsTheFile() throws Exception {
        Upload upload = storage.beginUpload("/kept", UploadOptions.defaults());
        upload.write(bytes("kept"));
        upload.commit(Map.of());

        upload.close();

        assertThat(read(storage, "/kept")).isEqualTo("kept");
    }

    @Test
    void writingAfterAbortIsAnError() throws Exception {
        Upload upload = storage.beginUpload("/gone", UploadOptions.defaults());
        upload.abort();

        assertThatThrownBy(() -> upload.write(bytes("late"))).extracting("reason").isEqualTo(Reason.IO_ERROR);
    }

    @Test
    void abortedOverwriteLeavesTheExistingFileIntact() throws Exception {
        put(storage, "/data", "original");
        FileStat before = storage.stat("/data");

        try (Upload upload = storage.beginUpload("/data", UploadOptions.defaults())) {
            upload.write(bytes("replacement that fails half-way"));
        }

        assertThat(read(storage, "/data")).isEqualTo("original");
        assertThat(storage.stat("/data")).isEqualTo(before);
        assertThat(everythingOnDisk(root)).containsExactly("data");
    }

    @Test
    void overwriteReplacesTheFileAndChangesItsEtag() throws Exception {
        FileStat first = put(storage, "/data", "original");

        FileStat second = put(storage, "/data", "replaced!");

        assertThat(read(storage, "/data")).isEqualTo("replaced!");
        assertThat(second.etag()).isNotEqualTo(first.etag());
    }

    @Test
    void existingTargetWithoutOverwriteIsAlreadyExistsAtBegin() throws Exception {
        put(storage, "/data", "original");

        assertThatThrownBy(() -> storage.beginUpload("/data", NO_OVERWRITE))
                .extracting("reason").isEqualTo(Reason.ALREADY_EXISTS);
    }

    @Test
    void targetCreatedMeanwhileWithoutOverwriteIsAlreadyExistsAtCommitAndKeepsTheOtherFile() throws Exception {
        Upload upload = storage.beginUpload("/race", NO_OVERWRITE);
        upload.write(bytes("mine"));
        put(storage, "/race", "theirs");

        assertThatThrownBy(() -> upload.commit(Map.of())).extracting("reason").isEqualTo(Reason.ALREADY_EXISTS);
        assertThat(read(storage, "/race")).isEqualTo("theirs");
        assertThat(everythingOnDisk(root)).containsExactly("race");
    }

    @Test
    void uploadOntoADirectoryIsIsDirectory() throws Exception {
        storage.mkdir("/dir");

        assertThatThrownBy(() -> storage.beginUpload("/dir", UploadOptions.defaults()))
                .extracting("reason").isEqualTo(Reason.IS_DIRECTORY);
    }

    @Test
    void uploadOntoTheRootIsIsDirectory() {
        assertThatThrownBy(() -> storage.beginUpload("/", UploadOptions.defaults()))
                .extracting("reason").isEqualTo(Reason.IS_DIRECTORY);
    }

    @Test
    void missingParentWithoutCreateParentsIsParentMissing() {
        assertThatThrownBy(() -> storage.beginUpload("/no/such/file", NO_PARENTS))
                .extracting("reason").isEqualTo(Reason.PARENT_MISSING);
    }

    @Test
    void aFileInTheWayOfTheParentIsNotDirectory() throws Exception {
        put(storage, "/file", "x");

        assertThatThrownBy(() -> storage.beginUpload("/file/child", UploadOptions.defaults()))
                .extracting("reason").isEqualTo(Reason.NOT_DIRECTORY);
    }

    @Test
    void createParentsMakesMissingDirectoriesAtCommit() throws Exception {
        try (Upload upload = storage.beginUpload("/a/b/c/file", UploadOptions.defaults())) {
            upload.write(bytes("deep"));
            assertThat(everythingOnDisk(root)).noneMatch(name -> name.startsWith("a"));

            upload.commit(Map.of());
        }

        assertThat(read(storage, "/a/b/c/file")).isEqualTo("deep");
        assertThat(storage.stat("/a/b").directory()).isTrue();
    }

    @Test
    void abortedUploadWithMissingParentsCreatesNoDirectories() throws Exception {
        try (Upload upload = storage.beginUpload("/a/b/file", UploadOptions.defaults())) {
            upload.write(bytes("deep"));
        }

        assertThat(everythingOnDisk(root)).isEmpty();
    }

    @Test
    void writingBeyondMaxBytesIsTooLargeAndAbortsTheUpload() throws Exception {
        Upload upload = storage.beginUpload("/big",
                new UploadOptions(true, true, OptionalLong.of(10), Set.of()));
        upload.write(bytes("0123456789"));

        assertThatThrownBy(() -> upload.write(bytes("!"))).extracting("reason").isEqualTo(Reason.TOO_LARGE);
        assertThat(everythingOnDisk(root)).isEmpty();
        assertThatThrownBy(() -> upload.commit(Map.of())).isInstanceOf(StorageException.class);
    }

    @Test
    void exactlyMaxBytesIsAccepted() throws Exception {
        FileStat stat = put(storage, "/fits", "0123456789",
                new UploadOptions(true, true, OptionalLong.of(10), Set.of()));

        assertThat(stat.size()).isEqualTo(10);
    }

    @Test
    void bytesWrittenCountsEveryByte() throws Exception {
        try (Upload upload = storage.beginUpload("/count", UploadOptions.defaults())) {
            upload.write(bytes("abc"));
            upload.write(bytes("defg"));

            assertThat(upload.bytesWritten()).isEqualTo(7);
        }
    }

    @Test
    void emptyUploadMakesAnEmptyFile() throws Exception {
        try (Upload upload = storage.beginUpload("/empty", UploadOptions.defaults())) {
            upload.commit(Map.of());
        }

        assertThat(storage.stat("/empty").size()).isZero();
    }

    @Test
    void directoryRemovedUnderAnUploadMakesCommitFailWithoutLeftovers() throws Exception {
        storage.mkdir("/dir");
        Upload upload = storage.beginUpload("/dir/file", NO_PARENTS);
        upload.write(bytes("x"));
        storage.delete("/dir");

        assertThatThrownBy(() -> upload.commit(Map.of())).isInstanceOf(StorageException.class);
        assertThat(everythingOnDisk(root)).isEmpty();
        assertThat(Files.exists(root.resolve("dir"))).isFalse();
    }

    @Test
    void aBufferLargerThanOneWriteSliceArrivesWhole() throws Exception {
        byte[] content = new byte[3 * 1024 * 1024 + 17];
        for (int i = 0; i < content.length; i++) {
            content[i] = (byte) (i * 31);
        }
        try (Upload upload = storage.beginUpload("/sliced", UploadOptions.defaults())) {
            java.nio.ByteBuffer buffer = java.nio.ByteBuffer.wrap(content, 5, content.length - 5);
            upload.write(buffer);

            assertThat(buffer.hasRemaining()).isFalse();
            upload.commit(Map.of());
        }

        assertThat(Files.readAllBytes(root.resolve("sliced")))
                .isEqualTo(java.util.Arrays.copyOfRange(content, 5, content.length));
    }
}
