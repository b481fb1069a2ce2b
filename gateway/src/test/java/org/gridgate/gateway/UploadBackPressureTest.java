package org.gridgate.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Memory per upload stays bounded however slow the disk: the door asks for more of the body only once the last
 * read's bytes are written, so a fast client is held back by TCP rather than queued in the door. The body comes
 * in small HTTP chunks, so one socket read holds many messages (the case that once made every message ask for
 * another read). A memory bound, not a speed assertion: the client may be slow, never too far ahead.
 */
class UploadBackPressureTest {
    /** 8 KiB per HTTP chunk; 2 ms per write gives the door's disk about 4 MiB/s. */
    private static final int CHUNK = 8 * 1024;
    private static final long PAUSE_MILLIS = 2;
    private static final long CLIENT_LIMIT = 256L << 20;
    private static final long SECONDS = 3;
    /**
     * Kernel socket buffers on both ends of a loopback connection (a few MiB each, autotuned) plus the door's one
     * read of at most 1 MiB: far below what an unthrottled client sends in the same time.
     */
    private static final long BOUND = 48L << 20;

    @TempDir
    Path dir;

    @Test
    void aFastClientGetsNoFurtherAheadOfASlowDiskThanTheSocketBuffers() throws Exception {
        SlowDisk[] disk = new SlowDisk[1];
        TestDoor door = TestDoor.start(dir.resolve("dev"), storage -> disk[0] = new SlowDisk(storage, PAUSE_MILLIS));
        String token = door.mint("/slow", "{\"caveats\":[\"activity:UPLOAD\"]}");
        RawHttps.Connection connection = new RawHttps.Connection(door.sslContext(null), door.port());
        try {
            connection.send("PUT /slow/file HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + token
                    + "\r\nTransfer-Encoding: chunked\r\n\r\n");
            AtomicLong sent = new AtomicLong();
            Thread client = new Thread(() -> sendChunks(connection, sent), "fast-client");
            client.setDaemon(true);
            client.start();
            Thread.sleep(SECONDS * 1000);

            long written = disk[0].written();
            assertThat(written).as("the slow disk got some of the body").isPositive();
            assertThat(sent.get() - written).as("bytes the client got past the disk (sent %d)", sent.get())
                    .isLessThanOrEqualTo(BOUND);
        } finally {
            // The door first: closing the connection under the client's blocked write would wait for it.
            door.close();
            connection.close();
        }
    }

    /** Sends chunks until the limit or until the connection is closed under it. */
    private static void sendChunks(RawHttps.Connection connection, AtomicLong sent) {
        byte[] frame = frame();
        try {
            while (sent.get() < CLIENT_LIMIT) {
                connection.send(frame);
                sent.addAndGet(CHUNK);
            }
        } catch (Exception closedByTheTest) {
            // the test is over
        }
    }

    private static byte[] frame() {
        byte[] head = (Integer.toHexString(CHUNK) + "\r\n").getBytes(StandardCharsets.US_ASCII);
        byte[] frame = new byte[head.length + CHUNK + 2];
        System.arraycopy(head, 0, frame, 0, head.length);
        frame[frame.length - 2] = '\r';
        frame[frame.length - 1] = '\n';
        return frame;
    }
}
