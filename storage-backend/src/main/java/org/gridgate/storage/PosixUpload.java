package org.gridgate.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.gridgate.storage.StorageException.Reason;

/**
 * An upload into a {@link StagedFile} beside the target, renamed into place on commit. Every failure discards the
 * staged file, so nothing of a failed upload is ever visible and an existing file is untouched.
 *
 * <p>Methods are synchronized so that {@link #abort} may come from another thread (a client that went away) while
 * a worker is writing; it then waits for the current chunk.
 */
final class PosixUpload implements Upload {
    private enum State { OPEN, COMMITTED, ABORTED }

    private final NamespacePath target;
    private final UploadOptions options;
    private final ConfinedRoot root;
    private final ChecksumAttributes checksumStore;
    private final DeadPropertyAttributes propertyStore;
    private final AtomicPlacement placement;
    private final StagedFile staged;
    /** Resumable: an abort (the client went away) keeps the staged bytes for the next request. */
    private final boolean keepOnAbort;
    /** Bytes the file may hold in all: {@code max-upload:}, or what a resumable upload announced. */
    private final long limit;
    private State state = State.OPEN;
    private Map<ChecksumAlgorithm, String> committedChecksums = Map.of();

    private PosixUpload(NamespacePath target, UploadOptions options, ConfinedRoot root,
                        ChecksumAttributes checksumStore, DeadPropertyAttributes propertyStore,
                        AtomicPlacement placement, StagedFile staged, boolean keepOnAbort, long limit) {
        this.target = target;
        this.options = options;
        this.root = root;
        this.checksumStore = checksumStore;
        this.propertyStore = propertyStore;
        this.placement = placement;
        this.staged = staged;
        this.keepOnAbort = keepOnAbort;
        this.limit = limit;
    }

    /** @param everyFile what the storage computes for every file it writes, besides the options' own */
    static PosixUpload begin(NamespacePath target, UploadOptions options, Set<ChecksumAlgorithm> everyFile,
                             ConfinedRoot root, ChecksumAttributes checksumStore,
                             DeadPropertyAttributes propertyStore, AtomicPlacement placement)
            throws StorageException {
        Location location = checkedDestination(target, options, root);
        try {
            // With parents still missing, stage in the deepest existing one: the same filesystem as the target.
            StagedFile staged = StagedFile.createIn(location.deepestExistingDirectory(),
                    ChecksumSets.union(everyFile, options.checksums()));
            return new PosixUpload(target, options, root, checksumStore, propertyStore, placement, staged, false,
                    options.maxBytes().orElse(Long.MAX_VALUE));
        } catch (IOException e) {
            throw IoFailures.map(e, "starting upload of", target);
        }
    }

    /**
     * Resumes (or starts) the resumable upload of {@code totalBytes} to {@code target} under {@code key} at
     * {@code offset}: refused before a byte is stored when the total is beyond the options' limit or the free
     * space, or when another request holds the staged bytes.
     */
    static PosixUpload resume(NamespacePath target, PartialKey key, long offset, long totalBytes,
                              UploadOptions options, Set<ChecksumAlgorithm> everyFile, ConfinedRoot root,
                              ChecksumAttributes checksumStore, DeadPropertyAttributes propertyStore,
                              AtomicPlacement placement) throws StorageException {
        if (offset < 0 || offset > totalBytes) {
            throw new IllegalArgumentException("offset " + offset + " outside 0.." + totalBytes);
        }
        long allowed = options.maxBytes().orElse(Long.MAX_VALUE);
        if (totalBytes > allowed) {
            throw new StorageException(Reason.TOO_LARGE, "upload of " + target + " (" + totalBytes
                    + " bytes) exceeds " + allowed + " bytes");
        }
        Location location = checkedDestination(target, options, root);
        Path directory = location.deepestExistingDirectory();
        StagedFile staged;
        try {
            long usable = Files.getFileStore(directory).getUsableSpace();
            if (usable < totalBytes - offset) {
                throw new StorageException(Reason.NO_SPACE, "no room for the " + (totalBytes - offset)
                        + " bytes left of " + target);
            }
            staged = StagedFile.resume(directory, InternalNames.partialName(target, key), offset,
                    ChecksumSets.union(everyFile, options.checksums()));
        } catch (StagedFile.StagedFileBusyException e) {
            throw new StorageException(Reason.BUSY, "another request is uploading " + target + " now");
        } catch (StagedFile.OffsetBeyondStagedException e) {
            throw new StorageException(Reason.BUSY, "upload of " + target + ": " + e.getMessage());
        } catch (IOException e) {
            throw IoFailures.map(e, "resuming upload of", target);
        }
        return new PosixUpload(target, options, root, checksumStore, propertyStore, placement, staged, true,
                totalBytes);
    }

    /** Staged bytes of {@code target} under {@code key}; 0 when there are none. */
    static long stagedBytes(NamespacePath target, PartialKey key, ConfinedRoot root) throws StorageException {
        if (target.isRoot()) {
            return 0;
        }
        Location location = root.locate(target);
        try {
            return StagedFile.stagedBytes(location.deepestExistingDirectory(),
                    InternalNames.partialName(target, key));
        } catch (IOException e) {
            throw IoFailures.map(e, "looking up staged bytes of", target);
        }
    }

    /** Checked at begin and again at commit, since another door may have changed things in between. */
    private static Location checkedDestination(NamespacePath target, UploadOptions options, ConfinedRoot root)
            throws StorageException {
        if (target.isRoot()) {
            throw new StorageException(Reason.IS_DIRECTORY, "/ is a directory");
        }
        Location location = root.locate(target);
        location.requireCreatable(options.createParents());
        if (location.isDirectory()) {
            throw new StorageException(Reason.IS_DIRECTORY, target + " is a directory");
        }
        if (location.exists() && !options.overwrite()) {
            throw new StorageException(Reason.ALREADY_EXISTS, target + " already exists");
        }
        return location;
    }

    @Override
    public synchronized void write(ByteBuffer data) throws StorageException {
        requireOpen();
        if (data.remaining() > limit - staged.size()) {
            discard();
            throw new StorageException(Reason.TOO_LARGE, "upload of " + target + " exceeds " + limit + " bytes");
        }
        try {
            staged.write(data);
        } catch (IOException e) {
            abort();
            throw IoFailures.map(e, "writing", target);
        }
    }

    @Override
    public synchronized long bytesWritten() {
        return staged.size();
    }

    @Override
    public synchronized FileStat commit(Map<ChecksumAlgorithm, String> expected) throws StorageException {
        requireOpen();
        if (!staged.algorithms().containsAll(expected.keySet())) {
            abort();
            // A caller's mistake, not the client's: a digest that was never computed cannot be said to mismatch.
            throw new IllegalArgumentException("upload of " + target + " computes " + staged.algorithms()
                    + " but was asked to verify " + expected.keySet() + "; name them in UploadOptions.checksums");
        }
        Optional<String> mismatch = ChecksumComparison.firstMismatch(expected, staged.checksums());
        if (mismatch.isPresent()) {
            discard();
            throw new StorageException(Reason.CHECKSUM_MISMATCH, "upload of " + target + ": " + mismatch.get());
        }
        try {
            FinishedFile finished = staged.finish(checksumStore);
            Location location = checkedDestination(target, options, root);
            if (!location.parentExists()) {
                root.createDirectories(target.parent());
            }
            if (options.overwrite()) {
                propertyStore.replaceKeepingProperties(target, location.local(), finished.file(),
                        () -> placement.replace(finished.file(), location.local()));
            } else {
                placement.placeNewFile(finished.file(), location.local());
            }
            state = State.COMMITTED;
            committedChecksums = finished.checksums();
            Path stagingDirectory = finished.file().getParent();
            placement.syncDirectories(location.local().getParent(), stagingDirectory);
            // Same inode as the staged file, so these attributes are exactly what was committed.
            return finished.attributes().toStat(target);
        } catch (StorageException e) {
            abort();
            throw e;
        } catch (IOException e) {
            abort();
            throw IoFailures.map(e, "committing", target);
        }
    }

    @Override
    public synchronized Map<ChecksumAlgorithm, String> checksums() {
        return state == State.COMMITTED ? committedChecksums : staged.checksums();
    }

    /** Removes the staged bytes, also of a resumable upload: nothing of them can ever be committed. */
    private void discard() {
        if (state != State.OPEN) {
            return;
        }
        state = State.ABORTED;
        staged.discard();
    }

    /** A plain upload leaves no trace; a resumable one keeps what it staged for the next request. */
    @Override
    public synchronized void abort() {
        if (state != State.OPEN) {
            return;
        }
        if (keepOnAbort) {
            state = State.ABORTED;
            staged.suspend();
        } else {
            discard();
        }
    }

    @Override
    public synchronized void close() {
        abort();
    }

    private void requireOpen() throws StorageException {
        if (state == State.COMMITTED) {
            throw new IllegalStateException("upload of " + target + " is already committed");
        }
        if (state == State.ABORTED) {
            throw new StorageException(Reason.IO_ERROR, "upload of " + target + " was aborted");
        }
    }
}
