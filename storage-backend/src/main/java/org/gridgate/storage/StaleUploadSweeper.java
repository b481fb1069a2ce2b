package org.gridgate.storage;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes internal files left behind by a door that died mid-upload or mid-copy. Only entries not modified since
 * the cutoff go: an upload in progress, on any door, touches its file with every write. The staged bytes of a
 * resumable upload are kept, however old, until the time in their name (their credential's expiry), and go then.
 */
final class StaleUploadSweeper {
    private static final Logger LOG = LoggerFactory.getLogger(StaleUploadSweeper.class);

    private final TreeRemover remover;

    StaleUploadSweeper(TreeRemover remover) {
        this.remover = remover;
    }

    /**
     * @param cutoff leftovers not modified since are removed
     * @param now    partials kept until before this are removed
     */
    SweepReport sweep(Path root, Instant cutoff, Instant now) throws IOException {
        int[] removed = {0};
        int[] partials = {0};
        long[] partialBytes = {0};
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path directory, BasicFileAttributes attributes) {
                if (!directory.equals(root) && isStaleInternal(directory, attributes)) {
                    remover.deleteTreeQuietly(directory);
                    removed[0]++;
                    return FileVisitResult.SKIP_SUBTREE;
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                Optional<Instant> keptUntil = InternalNames.partialKeptUntil(file.getFileName().toString());
                if (keptUntil.isPresent()) {
                    if (keptUntil.get().isBefore(now) && attributes.isRegularFile()) {
                        remover.deleteTreeQuietly(file);
                        partials[0]++;
                        partialBytes[0] += attributes.size();
                    }
                    return FileVisitResult.CONTINUE;
                }
                if (isStaleInternal(file, attributes)) {
                    remover.deleteTreeQuietly(file);
                    removed[0]++;
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
                LOG.debug("sweep skips {}: {}", file, e.toString());
                return FileVisitResult.CONTINUE;
            }

            private boolean isStaleInternal(Path entry, BasicFileAttributes attributes) {
                return InternalNames.isInternal(entry.getFileName().toString())
                        && attributes.lastModifiedTime().toInstant().isBefore(cutoff);
            }
        });
        return new SweepReport(removed[0], partials[0], partialBytes[0]);
    }
}
