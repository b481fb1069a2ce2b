package org.gridgate.caveat;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * The revocation list in a file beside the secrets file, as {@link RevocationText}. It holds no secret, so it may be
 * world-readable, but it is replaced whole ({@link AtomicFile}) and changed under a lock, so two admins revoking at
 * once both land. An absent file is an empty list: nothing is revoked.
 */
final class RevocationFile implements RevocationSource {
    private static final Set<PosixFilePermission> READABLE = EnumSet.of(PosixFilePermission.OWNER_READ,
            PosixFilePermission.OWNER_WRITE, PosixFilePermission.GROUP_READ, PosixFilePermission.OTHERS_READ);

    private final Path file;

    RevocationFile(Path file) {
        this.file = file.toAbsolutePath();
    }

    Path path() {
        return file;
    }

    @Override
    public RevocationList read() throws IOException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return RevocationList.EMPTY;
        }
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException("revocation file " + file + " is not a regular file (symbolic links are refused)");
        }
        return RevocationText.parse(bytes, describe());
    }

    /** Applies {@code change} to the list on disk under an exclusive lock, and writes the result. */
    @Override
    public RevocationList update(UnaryOperator<RevocationList> change) throws IOException {
        Path lockFile = file.resolveSibling("." + file.getFileName() + ".lock");
        Files.createDirectories(file.getParent());
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock lock = channel.lock()) {
            RevocationList next = change.apply(read());
            AtomicFile.replace(file, RevocationText.format(next), READABLE);
            return next;
        }
    }

    @Override
    public String describe() {
        return "revocation file " + file;
    }
}
