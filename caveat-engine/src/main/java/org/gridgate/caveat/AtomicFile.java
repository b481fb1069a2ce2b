package org.gridgate.caveat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Replaces a small file whole: written to a temporary file in the same directory with its final permissions,
 * synced, then renamed over the old one, so a crash or a concurrent reader sees the old file or the new one,
 * never half of one.
 */
final class AtomicFile {

    private AtomicFile() {
    }

    static void replace(Path file, byte[] content, Set<PosixFilePermission> permissions) throws IOException {
        Path temporary = writeTemporary(file, content, permissions);
        try {
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    /**
     * Writes {@code content} as {@code file} only if there is none yet: written and synced under a temporary name,
     * then hard-linked to the real name, which fails atomically if another process got there first.
     *
     * @return false if the file already existed (nothing was written)
     */
    static boolean createIfAbsent(Path file, byte[] content, Set<PosixFilePermission> permissions)
            throws IOException {
        Path temporary = writeTemporary(file, content, permissions);
        try {
            Files.createLink(file, temporary);
            return true;
        } catch (FileAlreadyExistsException e) {
            return false;
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    private static Path writeTemporary(Path file, byte[] content, Set<PosixFilePermission> permissions)
            throws IOException {
        Path directory = file.toAbsolutePath().getParent();
        Files.createDirectories(directory);
        Path temporary = Files.createTempFile(directory, "." + file.getFileName() + ".", ".tmp",
                PosixFilePermissions.asFileAttribute(permissions));
        try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
            ByteBuffer buffer = ByteBuffer.wrap(content);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(true);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(temporary);
            throw e;
        }
        return temporary;
    }
}
