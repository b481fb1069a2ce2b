package org.gridgate.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A hidden temporary file that bytes stream into, checksummed on the way. It lives in the directory its content is
 * destined for, so that the final rename stays on one filesystem and is atomic.
 */
final class StagedFile {
    private static final Logger LOG = LoggerFactory.getLogger(StagedFile.class);
    private static final int MAX_WRITE_BYTES = 1 << 20;

    private final Path file;
    private final FileChannel channel;
    private final StreamingChecksums checksums;
    private long size;

    private StagedFile(Path file, FileChannel channel, StreamingChecksums checksums) {
        this.file = file;
        this.channel = channel;
        this.checksums = checksums;
    }

    /** A new staged file in {@code directory} whose {@code algorithms} are computed as bytes are written. */
    static StagedFile createIn(Path directory, Set<ChecksumAlgorithm> algorithms) throws IOException {
        Path file = directory.resolve(InternalNames.newUploadName());
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                LinkOption.NOFOLLOW_LINKS);
        return new StagedFile(file, channel, new StreamingChecksums(algorithms));
    }

    Path file() {
        return file;
    }

    long size() {
        return size;
    }

    Map<ChecksumAlgorithm, String> checksums() {
        return checksums.current();
    }

    Set<ChecksumAlgorithm> algorithms() {
        return checksums.algorithms();
    }

    /** Writes all remaining bytes; only bytes that reached the file are checksummed. */
    void write(ByteBuffer data) throws IOException {
        ByteBuffer written = data.duplicate();
        while (data.hasRemaining()) {
            // The JDK copies a heap buffer through a per-thread cached direct buffer as large as the write;
            // bounded slices keep that cache, and so memory per transfer, small whatever the caller passes.
            ByteBuffer slice = data.slice();
            slice.limit(Math.min(slice.remaining(), MAX_WRITE_BYTES));
            while (slice.hasRemaining()) {
                channel.write(slice);
            }
            data.position(data.position() + slice.position());
        }
        written.limit(data.position());
        size += written.remaining();
        checksums.update(written);
    }

    /**
     * Records the checksums and makes bytes and record durable. The modification time is read after the last
     * write, and setting the attribute changes only the ctime, so the record matches the file it describes.
     */
    FinishedFile finish(ChecksumAttributes store) throws IOException {
        PosixAttributes attributes = PosixAttributes.read(file);
        Map<ChecksumAlgorithm, String> sums = checksums.current();
        store.write(file, new ChecksumRecord(attributes.size(), attributes.lastModified(), sums));
        channel.force(true);
        channel.close();
        return new FinishedFile(file, attributes, sums);
    }

    /** Removes every trace; safe to call more than once and after {@link #finish}. */
    void discard() {
        try {
            channel.close();
        } catch (IOException e) {
            LOG.debug("closing discarded {} failed", file, e);
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // Left for the stale-upload sweep; it is hidden from the namespace meanwhile.
            LOG.warn("could not remove temporary file {}: {}", file, e.toString());
        }
    }
}
