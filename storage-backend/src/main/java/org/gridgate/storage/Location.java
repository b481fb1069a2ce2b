package org.gridgate.storage;

import java.nio.file.Path;
import java.util.Optional;

import org.gridgate.storage.StorageException.Reason;

/**
 * Where a namespace path lands on disk right now, as found by {@link ConfinedRoot#locate}.
 *
 * @param path                     the namespace path
 * @param local                    the local path it maps to
 * @param attributes               the entry's attributes, empty when nothing is there
 * @param deepestExistingDirectory the deepest existing directory on the way (the parent when it exists)
 * @param parentExists             whether the parent directory exists
 * @param blockedByFile            whether a regular file stands where a directory on the way should be
 */
record Location(NamespacePath path, Path local, Optional<PosixAttributes> attributes, Path deepestExistingDirectory,
                boolean parentExists, boolean blockedByFile) {

    boolean exists() {
        return attributes.isPresent();
    }

    boolean isDirectory() {
        return attributes.map(PosixAttributes::isDirectory).orElse(false);
    }

    boolean isFile() {
        return attributes.map(PosixAttributes::isFile).orElse(false);
    }

    PosixAttributes requireExisting() throws StorageException {
        return attributes.orElseThrow(() -> new StorageException(Reason.NOT_FOUND, path + " does not exist"));
    }

    /** Something may be created here: every directory on the way exists (or may be created), none is a file. */
    void requireCreatable(boolean createParents) throws StorageException {
        if (blockedByFile) {
            throw new StorageException(Reason.NOT_DIRECTORY, "a file is in the way of " + path);
        }
        if (!parentExists && !createParents) {
            throw new StorageException(Reason.PARENT_MISSING, "the parent of " + path + " does not exist");
        }
    }
}
