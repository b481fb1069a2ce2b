package org.gridgate.storage;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.gridgate.storage.StorageException.Reason;

/**
 * Maps namespace paths onto the directory tree under one root, and refuses to go anywhere else.
 *
 * <p>Lexically a {@link NamespacePath} cannot leave the root. What remains is symbolic links: the namespace holds
 * only regular files and directories, so any existing component that is a symbolic link (wherever it points) or a
 * special file is refused with FORBIDDEN_PATH. Checking every component with {@code lstat} is simpler to trust
 * than comparing real paths, and also catches dangling links that a later write would follow.
 */
final class ConfinedRoot {
    private final Path root;

    /** @param realRoot the root as {@link Path#toRealPath} gives it, so no component above it is a link either */
    ConfinedRoot(Path realRoot) {
        this.root = realRoot;
    }

    Path root() {
        return root;
    }

    Path toLocal(NamespacePath path) {
        Path local = root;
        for (String segment : path.segments()) {
            local = local.resolve(segment);
        }
        return local;
    }

    Location locate(NamespacePath path) throws StorageException {
        Path local = toLocal(path);
        if (path.isRoot()) {
            return new Location(path, local, Optional.of(attributesOf(root, path)), root, true, false);
        }
        List<String> segments = path.segments();
        Path directory = root;
        for (int i = 0; i < segments.size(); i++) {
            boolean last = i == segments.size() - 1;
            Path next = directory.resolve(segments.get(i));
            Optional<PosixAttributes> found = attributesIfExists(next, path);
            if (found.isEmpty()) {
                return new Location(path, local, Optional.empty(), directory, last, false);
            }
            PosixAttributes attributes = found.get();
            refuseLinksAndSpecialFiles(attributes, path);
            if (last) {
                return new Location(path, local, found, directory, true, false);
            }
            if (!attributes.isDirectory()) {
                return new Location(path, local, Optional.empty(), directory, false, true);
            }
            directory = next;
        }
        throw new AssertionError("unreachable: the loop returns on the last segment");
    }

    /** Creates {@code directory} and any missing ancestors, checking each step as {@link #locate} does. */
    void createDirectories(NamespacePath directory) throws StorageException {
        Path current = root;
        for (String segment : directory.segments()) {
            current = current.resolve(segment);
            Optional<PosixAttributes> found = attributesIfExists(current, directory);
            if (found.isEmpty()) {
                try {
                    Files.createDirectory(current);
                    continue;
                } catch (FileAlreadyExistsException raced) {
                    // another door created it meanwhile: check what it is like any existing entry
                    found = attributesIfExists(current, directory);
                } catch (IOException e) {
                    throw IoFailures.map(e, "creating", directory);
                }
            }
            PosixAttributes attributes = found.orElseThrow(
                    () -> new StorageException(Reason.IO_ERROR, directory + " vanished while being created"));
            refuseLinksAndSpecialFiles(attributes, directory);
            if (!attributes.isDirectory()) {
                throw new StorageException(Reason.NOT_DIRECTORY, "a file is in the way of " + directory);
            }
        }
    }

    private static void refuseLinksAndSpecialFiles(PosixAttributes attributes, NamespacePath path)
            throws StorageException {
        if (attributes.kind() == PosixAttributes.Kind.SYMLINK) {
            throw new StorageException(Reason.FORBIDDEN_PATH, path + " goes through a symbolic link");
        }
        if (attributes.kind() == PosixAttributes.Kind.OTHER) {
            throw new StorageException(Reason.FORBIDDEN_PATH, path + " goes through a special file");
        }
    }

    private static PosixAttributes attributesOf(Path local, NamespacePath path) throws StorageException {
        return attributesIfExists(local, path)
                .orElseThrow(() -> new StorageException(Reason.NOT_FOUND, path + " does not exist"));
    }

    private static Optional<PosixAttributes> attributesIfExists(Path local, NamespacePath path)
            throws StorageException {
        try {
            return PosixAttributes.readIfExists(local);
        } catch (IOException e) {
            throw IoFailures.map(e, "looking up", path);
        }
    }
}
