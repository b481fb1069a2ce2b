package org.gridgate.gateway.webdav;

import org.gridgate.storage.FileStat;
import org.gridgate.storage.Storage;
import org.gridgate.storage.StorageException;

/** DELETE of a collection removes its members first (RFC 4918 §9.6.1); files are removed directly. */
final class Removal {

    private Removal() {
    }

    static void deleteRecursively(Storage storage, String path) throws StorageException {
        FileStat stat = storage.stat(path);
        if (stat.directory()) {
            for (FileStat child : storage.list(path)) {
                deleteRecursively(storage, child.path());
            }
        }
        storage.delete(path);
    }
}
