package org.gridgate.storage;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes a file or a whole directory tree. The walk never follows symbolic links (a link is removed, not what it
 * points to), so it cannot reach outside the tree it was given.
 */
final class TreeRemover {
    private static final Logger LOG = LoggerFactory.getLogger(TreeRemover.class);

    void deleteTree(Path top) throws IOException {
        Files.walkFileTree(top, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                Files.deleteIfExists(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                if (e instanceof NoSuchFileException) {
                    return FileVisitResult.CONTINUE; // someone else removed it first
                }
                throw e;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path directory, IOException e) throws IOException {
                if (e != null) {
                    throw e;
                }
                Files.deleteIfExists(directory);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    /** For hidden leftovers: what cannot be removed now is left for the stale-upload sweep. */
    void deleteTreeQuietly(Path top) {
        try {
            deleteTree(top);
        } catch (IOException e) {
            LOG.warn("could not remove {}: {}", top, e.toString());
        }
    }
}
