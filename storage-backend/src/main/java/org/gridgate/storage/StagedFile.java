package org.gridgate.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
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

    /**
     * The staged file named {@code name} in {@code directory}, created empty if absent, cut to {@code offset} bytes
     * (a client resending from there replaces what followed) and checksummed up to there by reading it once, so
     * that the checksums at commit cover the whole file. Locked while open, so two requests (two doors on shared
     * storage, or a client's retry while its first connection lingers) never write it at once.
     *
     * @throws StagedFileBusyException if another request holds it
     * @throws OffsetBeyondStagedException if fewer than {@code offset} bytes are staged
     */
    static StagedFile resume(Path directory, String name, long offset, Set<ChecksumAlgorithm> algorithms)
            throws IOException {
        Path file = directory.resolve(name);
        FileChannel channel;
        if (offset == 0) {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
        } else {
            try {
                // Not created: resuming at an offset needs bytes staged before it.
                channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE,
                        LinkOption.NOFOLLOW_LINKS);
            } catch (NoSuchFileException e) {
                throw new OffsetBeyondStagedException(offset, 0);
            }
        }
        try {
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                throw new StagedFileBusyException();
            }
            long staged = channel.size();
            if (offset > staged) {
                throw new OffsetBeyondStagedException(offset, staged);
            }
            channel.truncate(offset);
            StreamingChecksums checksums = new StreamingChecksums(algorithms);
            ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(MAX_WRITE_BYTES, Math.max(offset, 1)));
            long position = 0;
            while (position < offset) {
                buffer.clear();
                buffer.limit((int) Math.min(buffer.capacity(), offset - position));
                int read = channel.read(buffer, position);
                if (read < 0) {
                    throw new IOException("staged file shrank while being read");
                }
                buffer.flip();
                checksums.update(buffer);
                position += read;
            }
            channel.position(offset);
            StagedFile resumed = new StagedFile(file, channel, checksums);
            resumed.size = offset;
            return resumed;
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** How many bytes are staged under {@code name} in {@code directory}: 0 when none. */
    static long stagedBytes(Path directory, String name) throws IOException {
        return PosixAttributes.readIfExists(directory.resolve(name))
                .filter(PosixAttributes::isFile).map(PosixAttributes::size).orElse(0L);
    }

    /** Another request is writing this staged file now. */
    static final class StagedFileBusyException extends IOException {
        private static final long serialVersionUID = 1L;

        StagedFileBusyException() {
            super("another request is writing these staged bytes");
        }
    }

    /** The client resumes from further than what is staged (the staged bytes were swept, or another door's). */
    static final class OffsetBeyondStagedException extends IOException {
        private static final long serialVersionUID = 1L;

        OffsetBeyondStagedException(long offset, long staged) {
            super("offset " + offset + " is beyond the " + staged + " bytes staged");
        }
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

    /**
     * Keeps what was written for a later {@link #resume}: durable (a door may restart before the client comes
     * back), and unlocked. Safe after {@link #finish} or {@link #discard}.
     */
    void suspend() {
        try {
            if (channel.isOpen()) {
                channel.force(false);
            }
        } catch (IOException e) {
            LOG.debug("syncing suspended {} failed", file, e);
        }
        try {
            channel.close();
        } catch (IOException e) {
            LOG.debug("closing suspended {} failed", file, e);
        }
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
