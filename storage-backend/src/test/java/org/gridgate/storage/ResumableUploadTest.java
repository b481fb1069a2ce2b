package org.gridgate.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.gridgate.storage.StorageTestSupport.bytes;
import static org.gridgate.storage.StorageTestSupport.everythingOnDisk;
import static org.gridgate.storage.StorageTestSupport.put;
import static org.gridgate.storage.StorageTestSupport.read;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.stream.Stream;

import org.gridgate.storage.StorageException.Reason;
import org.junit.jupiter.api.Test;

class ResumableUploadTest extends PosixStorageFixture {
    private static final Instant LATER = Instant.now().plus(Duration.ofHours(1));
    private static final PartialKey KEY = new PartialKey("iid-1:abc", LATER);
    private static final UploadOptions OPTIONS = new UploadOptions(true, true, OptionalLong.empty(),
            Set.of(ChecksumAlgorithm.MD5));
    private static final String TEXT = "hello resumable world";

    @Test
    void bytesStagedAcrossRequestsCommitAsOneFileWithTheWholeFilesMd5() throws Exception {
        assertThat(storage.stagedBytes("/out/f", KEY)).isZero();
        Upload first = storage.resumeUpload("/out/f", KEY, 0, TEXT.length(), OPTIONS);
        first.write(bytes(TEXT.substring(0, 8)));
        first.abort();   // the client went away

        assertThat(storage.stagedBytes("/out/f", KEY)).isEqualTo(8);
        assertThatThrownBy(() -> storage.stat("/out/f")).extracting("reason").isEqualTo(Reason.NOT_FOUND);
        assertThat(storage.list("/")).isEmpty();

        Upload second = storage.resumeUpload("/out/f", KEY, 8, TEXT.length(), OPTIONS);
        second.write(bytes(TEXT.substring(8)));
        second.commit(Map.of(ChecksumAlgorithm.MD5, md5(TEXT)));

        assertThat(read(storage, "/out/f")).isEqualTo(TEXT);
        assertThat(storage.stagedBytes("/out/f", KEY)).isZero();
        assertThat(storage.checksums("/out/f", Set.of(ChecksumAlgorithm.MD5)))
                .containsEntry(ChecksumAlgorithm.MD5, md5(TEXT));
        assertThat(internalFiles()).isEmpty();
    }

    @Test
    void anotherKeyOrPathSeesNothingStaged() throws Exception {
        Upload first = storage.resumeUpload("/f", KEY, 0, 10, OPTIONS);
        first.write(bytes("abc"));
        first.abort();

        assertThat(storage.stagedBytes("/f", new PartialKey("iid-2:def", LATER))).isZero();
        assertThat(storage.stagedBytes("/g", KEY)).isZero();
    }

    @Test
    void aWrongMd5RemovesTheStagedBytesAndLeavesAnExistingFileIntact() throws Exception {
        put(storage, "/f", "old content");
        Upload upload = storage.resumeUpload("/f", KEY, 0, TEXT.length(), OPTIONS);
        upload.write(bytes(TEXT));

        assertThatThrownBy(() -> upload.commit(Map.of(ChecksumAlgorithm.MD5, md5("something else"))))
                .extracting("reason").isEqualTo(Reason.CHECKSUM_MISMATCH);
        assertThat(read(storage, "/f")).isEqualTo("old content");
        assertThat(storage.stagedBytes("/f", KEY)).isZero();
        assertThat(internalFiles()).isEmpty();
    }

    @Test
    void resumingFromAnEarlierOffsetDropsWhatFollowed() throws Exception {
        Upload first = storage.resumeUpload("/f", KEY, 0, 6, OPTIONS);
        first.write(bytes("abcXYZ".substring(0, 5)));
        first.abort();

        Upload second = storage.resumeUpload("/f", KEY, 3, 6, OPTIONS);
        second.write(bytes("def"));
        second.commit(Map.of(ChecksumAlgorithm.MD5, md5("abcdef")));

        assertThat(read(storage, "/f")).isEqualTo("abcdef");
    }

    @Test
    void refusedBeforeAByteIsStored() throws Exception {
        UploadOptions limited = new UploadOptions(true, true, OptionalLong.of(5), Set.of(ChecksumAlgorithm.MD5));
        assertThatThrownBy(() -> storage.resumeUpload("/f", KEY, 0, 6, limited))
                .extracting("reason").isEqualTo(Reason.TOO_LARGE);
        assertThatThrownBy(() -> storage.resumeUpload("/f", KEY, 0, Long.MAX_VALUE / 2, OPTIONS))
                .extracting("reason").isEqualTo(Reason.NO_SPACE);
        assertThatThrownBy(() -> storage.resumeUpload("/f", KEY, 3, 6, OPTIONS))
                .extracting("reason").isEqualTo(Reason.BUSY);
        assertThat(everythingOnDisk(root)).isEmpty();
    }

    @Test
    void aWriteBeyondTheAnnouncedTotalRemovesTheStagedBytes() throws Exception {
        Upload upload = storage.resumeUpload("/f", KEY, 0, 3, OPTIONS);
        assertThatThrownBy(() -> upload.write(bytes("abcd"))).extracting("reason").isEqualTo(Reason.TOO_LARGE);
        assertThat(everythingOnDisk(root)).isEmpty();
    }

    @Test
    void twoRequestsNeverWriteTheSameStagedBytesAtOnce() throws Exception {
        Upload first = storage.resumeUpload("/f", KEY, 0, 10, OPTIONS);
        try {
            assertThatThrownBy(() -> storage.resumeUpload("/f", KEY, 0, 10, OPTIONS))
                    .extracting("reason").isEqualTo(Reason.BUSY);
        } finally {
            first.abort();
        }
        storage.resumeUpload("/f", KEY, 0, 10, OPTIONS).abort();
    }

    @Test
    void theSweepKeepsPartialsUntilTheirKeyExpiresThenCountsThem() throws Exception {
        Upload kept = storage.resumeUpload("/a", KEY, 0, 10, OPTIONS);
        kept.write(bytes("12345"));
        kept.abort();
        PartialKey expired = new PartialKey("old", Instant.now().minusSeconds(5));
        Upload gone = storage.resumeUpload("/b", expired, 0, 10, OPTIONS);
        gone.write(bytes("1234567"));
        gone.abort();

        assertThat(PosixStorage.sweepStaleUploads(root, Duration.ZERO)).isZero();
        SweepReport report = storage.sweepExpiredPartials(Instant.now());

        assertThat(report.partials()).isEqualTo(1);
        assertThat(report.partialBytes()).isEqualTo(7);
        assertThat(storage.stagedBytes("/a", KEY)).isEqualTo(5);
        assertThat(storage.stagedBytes("/b", expired)).isZero();
    }

    private List<Path> internalFiles() throws Exception {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(p -> p.getFileName().toString().startsWith(".gridgate-")).toList();
        }
    }

    private static String md5(String text) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("MD5")
                .digest(text.getBytes(StandardCharsets.UTF_8)));
    }
}
