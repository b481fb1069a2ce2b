package org.gridgate.storage;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts finished content under its final name so that readers see either the old entry or the new one, never a
 * mix; and makes the directory change durable.
 */
final class AtomicPlacement {
    private static final Logger LOG = LoggerFactory.getLogger(AtomicPlacement.class);

    private final TreeRemover remover;

    AtomicPlacement(TreeRemover remover) {
        this.remover = remover;
    }

    /** rename(2): atomically replaces a file, or an empty directory with a directory. */
    void replace(Path source, Path target) throws IOException {
        Files.move(source, target, StandardCopyOption.ATOMIC_MOVE);
    }

    /**
     * Places a regular file only if nothing is at {@code target}, without the check-then-rename race between two
     * doors: link(2) fails atomically when the name is taken. Falls back to check-then-rename where the filesystem
     * has no hard links.
     */
    void placeNewFile(Path source, Path target) throws IOException {
        try {
            Files.createLink(target, source);
        } catch (FileAlreadyExistsException | NoSuchFileException e) {
            throw e;
        } catch (FileSystemException | UnsupportedOperationException noHardLinks) {
            placeNewByRename(source, target);
            return;
        }
        try {
            Files.delete(source);
        } catch (IOException e) {
            // The content is already in place under its final name; the extra name is hidden and swept later.
            LOG.warn("could not remove {} after linking it into place: {}", source, e.toString());
        }
    }

    /** For directories, which cannot be hard-linked: rename(2) would quietly replace an empty directory. */
    void placeNewByRename(Path source, Path target) throws IOException {
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            throw new FileAlreadyExistsException(target.toString());
        }
        replace(source, target);
    }

    /**
     * Replaces whatever is at {@code target} (a non-empty directory, or an entry of the other kind) with
     * {@code source}. The old entry is first renamed aside under a hidden name, so the switch is two renames and
     * deleting the old tree happens after the new content is visible.
     */
    void swapInto(Path source, Path target) throws IOException {
        Path aside = target.resolveSibling(InternalNames.newTrashName());
        replace(target, aside);
        try {
            replace(source, target);
        } catch (IOException e) {
            try {
                replace(aside, target);
            } catch (IOException restoreFailed) {
                e.addSuppressed(restoreFailed);
            }
            throw e;
        }
        remover.deleteTreeQuietly(aside);
    }

    /**
     * fsync(2) on a directory makes renames and new entries in it durable. Failures are logged, not thrown: by
     * now the change is visible, and reporting failure for it would mislead the client.
     */
    void syncDirectory(Path directory) {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            LOG.warn("could not sync directory {}: {}", directory, e.toString());
        }
    }

    /** Syncs {@code from} and each directory above it up to and including {@code upTo}. */
    void syncDirectories(Path from, Path upTo) {
        for (Path directory = from; directory != null && directory.startsWith(upTo);
             directory = directory.getParent()) {
            syncDirectory(directory);
        }
    }
}
