package org.gridgate.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Streams 256 MiB in 1 MiB chunks. Surefire runs this module with a heap smaller than the file (see the pom), so
 * passing also shows that nothing buffers a whole body.
 */
class LargeUploadTest {
    private static final int CHUNK = 1 << 20;
    private static final int CHUNKS = 256;

    @TempDir
    Path root;

    @Test
    void aLargeStreamedUploadArrivesWholeWithMatchingChecksums() throws Exception {
        Storage storage = PosixStorage.open(root);
        MessageDigest sentDigest = MessageDigest.getInstance("SHA-256");
        ByteBuffer chunk = ByteBuffer.allocateDirect(CHUNK);

        UploadOptions withSha256 = UploadOptions.defaults().computing(Set.of(ChecksumAlgorithm.SHA256));
        try (Upload upload = storage.beginUpload("/big.root", withSha256)) {
            for (int i = 0; i < CHUNKS; i++) {
                fillWithPattern(chunk, i);
                sentDigest.update(chunk.duplicate());
                upload.write(chunk);
            }
            String sent = HexFormat.of().formatHex(sentDigest.digest());

            FileStat stat = upload.commit(Map.of(ChecksumAlgorithm.SHA256, sent));

            assertThat(stat.size()).isEqualTo((long) CHUNK * CHUNKS);
            assertThat(storage.checksums("/big.root", Set.of(ChecksumAlgorithm.SHA256)))
                    .containsEntry(ChecksumAlgorithm.SHA256, sent);
            assertThat(sha256OnDisk(storage, "/big.root")).isEqualTo(sent);
        }
    }

    private static void fillWithPattern(ByteBuffer chunk, int index) {
        chunk.clear();
        long value = index * 0x9E3779B97F4A7C15L;
        while (chunk.hasRemaining()) {
            value = value * 6364136223846793005L + 1442695040888963407L;
            chunk.putLong(value);
        }
        chunk.flip();
    }

    private static String sha256OnDisk(Storage storage, String path) throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        ByteBuffer buffer = ByteBuffer.allocateDirect(CHUNK);
        try (ReadableFile file = storage.openForRead(path)) {
            FileChannel channel = file.channel();
            while (channel.read(buffer) >= 0) {
                buffer.flip();
                digest.update(buffer);
                buffer.clear();
            }
        } catch (IOException e) {
            throw e;
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
