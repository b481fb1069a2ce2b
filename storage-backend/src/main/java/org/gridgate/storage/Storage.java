package org.gridgate.storage;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The storage SPI the door writes through. Paths are absolute, normalised, slash-separated strings in the door's
 * namespace ({@code /atlas/out/file1}); an implementation still refuses anything that would leave its root.
 * All calls block: the gateway calls them off the network event loop.
 */
public interface Storage {

    FileStat stat(String path) throws StorageException;

    /** As {@link #stat}, but empty when nothing is at {@code path}: for callers to whom absence is an answer. */
    default Optional<FileStat> find(String path) throws StorageException {
        try {
            return Optional.of(stat(path));
        } catch (StorageException e) {
            if (e.reason() == StorageException.Reason.NOT_FOUND) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** The entries directly inside {@code directory}, not including itself. */
    List<FileStat> list(String directory) throws StorageException;

    ReadableFile openForRead(String path) throws StorageException;

    /**
     * Starts writing {@code path}. Nothing is visible at {@code path} until {@link Upload#commit} succeeds; a file
     * already there stays intact until then.
     */
    Upload beginUpload(String path, UploadOptions options) throws StorageException;

    /**
     * How many bytes a resumable upload of {@code path} has staged under {@code key}: 0 when none. Staged bytes
     * are never visible at {@code path}.
     */
    default long stagedBytes(String path, PartialKey key) throws StorageException {
        throw new StorageException(StorageException.Reason.NOT_SUPPORTED, "resumable uploads are not supported");
    }

    /**
     * Resumes the resumable upload of {@code totalBytes} to {@code path} under {@code key} at {@code offset} (0
     * starts it): the bytes staged before {@code offset} are kept (checksummed again, so that {@link Upload#commit}
     * covers the whole file), any after it are dropped, and writes go on from there. {@link Upload#abort} (the
     * client went away) keeps what was staged, durably, for the next request, on this door or another;
     * {@link Upload#commit} verifies and places it as {@link #beginUpload} does, and a checksum mismatch or a write
     * beyond {@code totalBytes} removes it. Refused before a byte is stored: TOO_LARGE beyond
     * {@code options.maxBytes()}, NO_SPACE beyond the free space, BUSY when another request is writing it or fewer
     * than {@code offset} bytes are staged.
     */
    default Upload resumeUpload(String path, PartialKey key, long offset, long totalBytes, UploadOptions options)
            throws StorageException {
        throw new StorageException(StorageException.Reason.NOT_SUPPORTED, "resumable uploads are not supported");
    }

    /**
     * Removes the staged bytes of resumable uploads whose {@link PartialKey#keepUntil()} is before {@code now}, and
     * nothing else. May walk the whole namespace: call it from a background thread, now and then.
     */
    default SweepReport sweepExpiredPartials(Instant now) throws StorageException {
        return new SweepReport(0, 0, 0);
    }

    void mkdir(String path) throws StorageException;

    /** Deletes a file or an empty directory. */
    void delete(String path) throws StorageException;

    void move(String from, String to, boolean overwrite) throws StorageException;

    void copy(String from, String to, boolean overwrite) throws StorageException;

    /**
     * The file's checksums (lower-case hex; adler32 zero-padded to 8 digits): every one recorded for it (as it was
     * written, or since), plus each of {@code wanted} not recorded yet, which is computed by reading the file once,
     * in constant memory, and recorded for later. A file written some other way has nothing recorded at first.
     */
    Map<ChecksumAlgorithm, String> checksums(String path, Set<ChecksumAlgorithm> wanted) throws StorageException;

    /** The recorded checksums, with at least {@link ChecksumAlgorithm#ADLER32} (computed if need be). */
    default Map<ChecksumAlgorithm, String> checksums(String path) throws StorageException {
        return checksums(path, Set.of(ChecksumAlgorithm.ADLER32));
    }

    /**
     * The dead properties of the file or directory at {@code path}: opaque values by name, in the order they were
     * first set; empty if it has none. They belong to the resource: MOVE keeps them, COPY copies them, DELETE
     * removes them, and an upload that replaces a file keeps those of the file it replaces. The map and its
     * arrays must not be modified.
     */
    Map<PropertyName, byte[]> deadProperties(String path) throws StorageException;

    /**
     * The dead properties of each member of {@code directory} that has any, by name: for a listing, what
     * {@link #deadProperties} of each member of {@link #list} would give, in one pass over the directory.
     */
    Map<String, Map<PropertyName, byte[]>> deadPropertiesOfMembers(String directory) throws StorageException;

    /**
     * Applies {@code changes} to the dead properties of the file or directory at {@code path}, in order, and stores
     * the result all or nothing.
     *
     * @throws PropertyUpdateException if nothing was stored because of a limit, no room or no support for them
     *                                 (see its {@link PropertyUpdateException#failedChange()})
     * @throws StorageException        as other calls do, e.g. NOT_FOUND; nothing was stored either
     */
    void updateDeadProperties(String path, List<PropertyChange> changes) throws StorageException;
}
