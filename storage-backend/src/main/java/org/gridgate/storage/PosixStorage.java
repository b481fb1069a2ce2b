package org.gridgate.storage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The POSIX directory backend: the door's "/" is {@code root}. See this module's README for what it guarantees.
 */
public final class PosixStorage {
    private static final Logger LOG = LoggerFactory.getLogger(PosixStorage.class);

    private PosixStorage() {
    }

    /** As {@link #open(Path, Set)}, computing only adler32 for every file written. */
    public static Storage open(Path root) throws IOException {
        return open(root, Set.of(ChecksumAlgorithm.ADLER32));
    }

    /**
     * A thread-safe {@link Storage} confined to {@code root}, which must be an existing directory (it is not
     * created). Opening is cheap: it does not sweep; see {@link #sweepStaleUploads}.
     *
     * @param everyFile the checksums computed and recorded for every file written (uploads and copies), besides
     *                  those an upload asks for; adler32 always is
     * @throws NoSuchFileException   if {@code root} does not exist
     * @throws NotDirectoryException if it is not a directory
     * @throws IOException           if it cannot be resolved, or the filesystem is not POSIX
     */
    public static Storage open(Path root, Set<ChecksumAlgorithm> everyFile) throws IOException {
        if (!Files.exists(root)) {
            throw new NoSuchFileException(root.toString(), null, "the storage root does not exist");
        }
        if (!Files.isDirectory(root)) {
            throw new NotDirectoryException(root.toString());
        }
        // The real path, so that a link above the root (e.g. /data -> /mnt/disk) is resolved once, here.
        Path realRoot = root.toRealPath();
        if (!realRoot.getFileSystem().supportedFileAttributeViews().contains("unix")) {
            throw new IOException("the storage root " + root + " is not on a POSIX filesystem");
        }
        boolean xattrs = Files.getFileStore(realRoot).supportsFileAttributeView(UserDefinedFileAttributeView.class);
        if (!xattrs) {
            LOG.warn("{} has no user extended attributes: checksums will not be recorded, and dead properties "
                    + "(PROPPATCH) are refused", realRoot);
        }
        return new ConfinedPosixStorage(new ConfinedRoot(realRoot), new UserAttributes(xattrs),
                DeadPropertyLimits.DEFAULT, everyFile);
    }

    /**
     * Removes the hidden temporary files of uploads and copies that a crashed or killed door left under
     * {@code root}, if untouched for {@code olderThan} (24 hours is a safe choice: an upload in progress keeps its
     * file fresh, on whichever door). Walks the whole tree without following links, so on large storage call it
     * from a background thread at start-up, or periodically; running it on several doors at once is harmless.
     *
     * @return how many leftovers were removed
     */
    public static int sweepStaleUploads(Path root, Duration olderThan) throws IOException {
        if (olderThan.isNegative()) {
            throw new IllegalArgumentException("olderThan must not be negative: " + olderThan);
        }
        // Partials are left to Storage.sweepExpiredPartials, which the door runs periodically and counts.
        return new StaleUploadSweeper(new TreeRemover())
                .sweep(root.toRealPath(), Instant.now().minus(olderThan), Instant.MIN).removed();
    }

    /**
     * As {@link #sweepStaleUploads} (which keeps every partial), also removing the staged bytes of resumable uploads whose
     * {@link PartialKey#keepUntil()} is before {@code now} (and only those: a partial is kept however old until
     * then), and saying what went.
     */
    public static SweepReport sweep(Path root, Duration olderThan, Instant now) throws IOException {
        if (olderThan.isNegative()) {
            throw new IllegalArgumentException("olderThan must not be negative: " + olderThan);
        }
        return new StaleUploadSweeper(new TreeRemover()).sweep(root.toRealPath(), now.minus(olderThan), now);
    }
}
