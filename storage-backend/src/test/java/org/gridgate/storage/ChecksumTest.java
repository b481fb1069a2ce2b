package org.gridgate.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;
import static org.gridgate.storage.StorageTestSupport.bytes;
import static org.gridgate.storage.StorageTestSupport.everythingOnDisk;
import static org.gridgate.storage.StorageTestSupport.put;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

import org.gridgate.storage.StorageException.Reason;
import org.junit.jupiter.api.Test;

class ChecksumTest extends PosixStorageFixture {
    private static final Map<ChecksumAlgorithm, String> EMPTY_VECTORS = Map.of(
            ChecksumAlgorithm.ADLER32, "00000001",
            ChecksumAlgorithm.MD5, "d41d8cd98f00b204e9800998ecf8427e",
            ChecksumAlgorithm.SHA256, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    private static final Map<ChecksumAlgorithm, String> ABC_VECTORS = Map.of(
            ChecksumAlgorithm.ADLER32, "024d0127",
            ChecksumAlgorithm.MD5, "900150983cd24fb0d6963f7d28e17f72",
            ChecksumAlgorithm.SHA256, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");

    private static final Set<ChecksumAlgorithm> ALL = EnumSet.allOf(ChecksumAlgorithm.class);
    private static final UploadOptions ALL_THREE = UploadOptions.defaults().computing(ALL);

    @Test
    void emptyFileHasTheKnownChecksumsWithAdler32ZeroPadded() throws Exception {
        put(storage, "/empty", "", ALL_THREE);

        assertThat(storage.checksums("/empty")).isEqualTo(EMPTY_VECTORS);
    }

    @Test
    void abcHasTheKnownChecksums() throws Exception {
        put(storage, "/abc", "abc", ALL_THREE);

        assertThat(storage.checksums("/abc")).isEqualTo(ABC_VECTORS);
    }

    @Test
    void wikipediaHasTheAdler32FromTheLiterature() throws Exception {
        put(storage, "/w", "Wikipedia");

        assertThat(storage.checksums("/w")).contains(entry(ChecksumAlgorithm.ADLER32, "11e60398"));
    }

    @Test
    void checksumsDoNotDependOnHowTheBytesWereChunked() throws Exception {
        try (Upload upload = storage.beginUpload("/abc", ALL_THREE)) {
            upload.write(bytes("a"));
            upload.write(bytes(""));
            upload.write(bytes("bc"));
            upload.commit(Map.of());
        }

        assertThat(storage.checksums("/abc")).isEqualTo(ABC_VECTORS);
    }

    @Test
    void uploadReportsChecksumsOfWhatWasWrittenSoFar() throws Exception {
        try (Upload upload = storage.beginUpload("/abc", ALL_THREE)) {
            upload.write(bytes("abc"));
            assertThat(upload.checksums()).isEqualTo(ABC_VECTORS);

            upload.write(bytes("d"));
            assertThat(upload.checksums()).isNotEqualTo(ABC_VECTORS);
        }
    }

    @Test
    void uploadReportsTheFinalChecksumsAfterCommit() throws Exception {
        try (Upload upload = storage.beginUpload("/abc", ALL_THREE)) {
            upload.write(bytes("abc"));
            upload.commit(Map.of());

            assertThat(upload.checksums()).isEqualTo(ABC_VECTORS);
        }
    }

    @Test
    void matchingExpectedDigestsCommit() throws Exception {
        try (Upload upload = storage.beginUpload("/abc", ALL_THREE)) {
            upload.write(bytes("abc"));
            upload.commit(ABC_VECTORS);
        }

        assertThat(storage.stat("/abc").size()).isEqualTo(3);
    }

    @Test
    void expectedDigestsAreComparedIgnoringCaseAndAdler32Padding() throws Exception {
        try (Upload upload = storage.beginUpload("/abc", ALL_THREE)) {
            upload.write(bytes("abc"));
            upload.commit(Map.of(ChecksumAlgorithm.ADLER32, "24D0127",
                    ChecksumAlgorithm.MD5, "900150983CD24FB0D6963F7D28E17F72"));
        }

        assertThat(storage.stat("/abc").size()).isEqualTo(3);
    }

    @Test
    void mismatchingDigestIsChecksumMismatchAndLeavesNothing() throws Exception {
        Upload upload = storage.beginUpload("/abc", ALL_THREE);
        upload.write(bytes("abd"));

        assertThatThrownBy(() -> upload.commit(Map.of(ChecksumAlgorithm.MD5, ABC_VECTORS.get(ChecksumAlgorithm.MD5))))
                .extracting("reason").isEqualTo(Reason.CHECKSUM_MISMATCH);
        assertThat(everythingOnDisk(root)).isEmpty();
    }

    @Test
    void mismatchOnOverwriteKeepsTheOldFileAndItsChecksums() throws Exception {
        put(storage, "/abc", "abc", ALL_THREE);
        Upload upload = storage.beginUpload("/abc", UploadOptions.defaults());
        upload.write(bytes("xyz"));

        assertThatThrownBy(() -> upload.commit(Map.of(ChecksumAlgorithm.ADLER32, "00000000")))
                .extracting("reason").isEqualTo(Reason.CHECKSUM_MISMATCH);
        assertThat(StorageTestSupport.read(storage, "/abc")).isEqualTo("abc");
        assertThat(storage.checksums("/abc")).isEqualTo(ABC_VECTORS);
    }

    @Test
    void checksumsAreStoredInOneUserExtendedAttribute() throws Exception {
        put(storage, "/abc", "abc");

        assertThat(recordOf("abc")).startsWith("v1 size=3 mtime=").contains("adler32=024d0127");
    }

    @Test
    void anUploadComputesOnlyAdler32UnlessAskedForMore() throws Exception {
        put(storage, "/abc", "abc");

        assertThat(recordOf("abc")).contains("adler32=024d0127").doesNotContain("md5=").doesNotContain("sha-256=");
        assertThat(storage.checksums("/abc")).isEqualTo(only(ChecksumAlgorithm.ADLER32));
    }

    @Test
    void anUploadComputesWhatItsOptionsName() throws Exception {
        put(storage, "/abc", "abc", UploadOptions.defaults().computing(Set.of(ChecksumAlgorithm.SHA256)));

        assertThat(recordOf("abc")).contains("adler32=024d0127")
                .contains("sha-256=" + ABC_VECTORS.get(ChecksumAlgorithm.SHA256)).doesNotContain("md5=");
    }

    @Test
    void aStorageOpenedWithMd5ComputesItForEveryUploadAndCopy() throws Exception {
        Storage withMd5 = PosixStorage.open(root, Set.of(ChecksumAlgorithm.MD5));

        put(withMd5, "/abc", "abc");
        Files.writeString(root.resolve("foreign"), "abc");
        withMd5.copy("/foreign", "/copied", false);

        String md5 = "md5=" + ABC_VECTORS.get(ChecksumAlgorithm.MD5);
        assertThat(recordOf("abc")).contains("adler32=024d0127").contains(md5).doesNotContain("sha-256=");
        assertThat(recordOf("copied")).contains("adler32=024d0127").contains(md5);
    }

    @Test
    void verifyingADigestThatWasNotComputedIsTheCallersMistakeAndLeavesNothing() throws Exception {
        Upload upload = storage.beginUpload("/abc", UploadOptions.defaults());
        upload.write(bytes("abc"));

        assertThatThrownBy(() -> upload.commit(Map.of(ChecksumAlgorithm.SHA256,
                ABC_VECTORS.get(ChecksumAlgorithm.SHA256))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("UploadOptions");
        assertThat(everythingOnDisk(root)).isEmpty();
    }

    @Test
    void aChecksumNotRecordedIsComputedOnDemandAndRecordedForNextTime() throws Exception {
        put(storage, "/abc", "abc");

        assertThat(storage.checksums("/abc", Set.of(ChecksumAlgorithm.SHA256)))
                .isEqualTo(only(ChecksumAlgorithm.ADLER32, ChecksumAlgorithm.SHA256));
        String sha256 = "sha-256=" + ABC_VECTORS.get(ChecksumAlgorithm.SHA256);
        assertThat(recordOf("abc")).contains("adler32=024d0127").contains(sha256).doesNotContain("md5=");

        // From now on it is answered from the record: a value planted there is what comes back.
        String planted = "0".repeat(64);
        Files.setAttribute(root.resolve("abc"), "user:gridgate.checksums",
                recordOf("abc").replace(sha256, "sha-256=" + planted).getBytes(StandardCharsets.UTF_8));
        assertThat(storage.checksums("/abc", Set.of(ChecksumAlgorithm.SHA256)))
                .containsEntry(ChecksumAlgorithm.SHA256, planted);
    }

    @Test
    void aCopyCarriesChecksumsComputedOnDemandAndAMoveKeepsThem() throws Exception {
        put(storage, "/abc", "abc");
        storage.checksums("/abc", Set.of(ChecksumAlgorithm.MD5));

        storage.copy("/abc", "/copied", false);
        storage.move("/copied", "/moved", false);

        assertThat(recordOf("moved")).contains("md5=" + ABC_VECTORS.get(ChecksumAlgorithm.MD5));
        assertThat(storage.checksums("/moved")).isEqualTo(only(ChecksumAlgorithm.ADLER32, ChecksumAlgorithm.MD5));
    }

    @Test
    void fileWrittenOutsideTheDoorIsChecksummedOnceAndRecorded() throws Exception {
        Files.writeString(root.resolve("foreign"), "abc");

        assertThat(storage.checksums("/foreign")).isEqualTo(only(ChecksumAlgorithm.ADLER32));
        assertThat(storage.checksums("/foreign", ALL)).isEqualTo(ABC_VECTORS);
        assertThat(recordOf("foreign")).contains("adler32=024d0127")
                .contains("md5=" + ABC_VECTORS.get(ChecksumAlgorithm.MD5))
                .contains("sha-256=" + ABC_VECTORS.get(ChecksumAlgorithm.SHA256));
    }

    private String recordOf(String name) throws IOException {
        return new String((byte[]) Files.getAttribute(root.resolve(name), "user:gridgate.checksums"),
                StandardCharsets.UTF_8);
    }

    /** The "abc" vectors of just these algorithms. */
    private static Map<ChecksumAlgorithm, String> only(ChecksumAlgorithm... algorithms) {
        Map<ChecksumAlgorithm, String> values = new EnumMap<>(ChecksumAlgorithm.class);
        for (ChecksumAlgorithm algorithm : algorithms) {
            values.put(algorithm, ABC_VECTORS.get(algorithm));
        }
        return values;
    }

    private static java.util.Map<ChecksumAlgorithm, String> vectorsOf(String content) {
        StreamingChecksums checksums = new StreamingChecksums(ALL);
        checksums.update(java.nio.ByteBuffer.wrap(content.getBytes(StandardCharsets.UTF_8)));
        return checksums.current();
    }

    @Test
    void fileRewrittenInPlaceWithTheSameSizeNoLongerReportsItsOldChecksums() throws Exception {
        put(storage, "/abc", "abc", ALL_THREE);
        Path local = root.resolve("abc");
        FileTime before = Files.getLastModifiedTime(local);

        Files.writeString(local, "xyz");
        Files.setLastModifiedTime(local, FileTime.fromMillis(before.toMillis() + 1000));

        assertThat(storage.checksums("/abc", ALL)).isEqualTo(vectorsOf("xyz")).isNotEqualTo(ABC_VECTORS);
    }

    @Test
    void fileAppendedToNoLongerReportsItsOldChecksums() throws Exception {
        put(storage, "/abc", "abc");
        Path local = root.resolve("abc");
        FileTime before = Files.getLastModifiedTime(local);

        Files.writeString(local, "abcd");
        Files.setLastModifiedTime(local, before);

        assertThat(storage.checksums("/abc", ALL)).isEqualTo(vectorsOf("abcd"));
    }

    @Test
    void checksumsTravelWithAMove() throws Exception {
        put(storage, "/abc", "abc", ALL_THREE);

        storage.move("/abc", "/moved", false);

        assertThat(storage.checksums("/moved")).isEqualTo(ABC_VECTORS);
    }

    @Test
    void checksumsAreRecordedForACopy() throws Exception {
        put(storage, "/abc", "abc", ALL_THREE);

        storage.copy("/abc", "/copied", false);

        assertThat(storage.checksums("/copied")).isEqualTo(ABC_VECTORS);
        assertThat(storage.checksums("/abc")).isEqualTo(ABC_VECTORS);
    }

    @Test
    void aDeletedFileLeavesNoChecksumsForItsSuccessor() throws Exception {
        put(storage, "/abc", "abc");
        storage.delete("/abc");

        Files.writeString(root.resolve("abc"), "abcabc");

        assertThat(storage.checksums("/abc", ALL)).isEqualTo(vectorsOf("abcabc"));
    }

    @Test
    void checksumsOfADirectoryIsIsDirectory() throws Exception {
        storage.mkdir("/dir");

        assertThatThrownBy(() -> storage.checksums("/dir")).extracting("reason").isEqualTo(Reason.IS_DIRECTORY);
    }

    @Test
    void checksumsOfAMissingFileIsNotFound() {
        assertThatThrownBy(() -> storage.checksums("/none")).extracting("reason").isEqualTo(Reason.NOT_FOUND);
    }
}
