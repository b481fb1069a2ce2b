package org.gridgate.storage;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

import org.gridgate.storage.StorageException.Reason;

/**
 * Turns an {@link IOException} into a {@link StorageException} the gateway can map to a status. Messages name the
 * namespace path, never the local one, because they may reach the client.
 */
final class IoFailures {

    private IoFailures() {
    }

    static StorageException map(IOException e, String action, NamespacePath path) {
        return new StorageException(reasonOf(e), action + " " + path + " failed: " + describe(e), e);
    }

    static Reason reasonOf(IOException e) {
        if (isOutOfSpace(e)) {
            return Reason.NO_SPACE;
        }
        if (e instanceof NoSuchFileException) {
            return Reason.NOT_FOUND;
        }
        if (e instanceof FileAlreadyExistsException) {
            return Reason.ALREADY_EXISTS;
        }
        if (e instanceof DirectoryNotEmptyException) {
            return Reason.NOT_EMPTY;
        }
        if (e instanceof NotDirectoryException) {
            return Reason.NOT_DIRECTORY;
        }
        return Reason.IO_ERROR;
    }

    /** ENOSPC and EDQUOT: Java reports both only through the strerror text. */
    static boolean isOutOfSpace(IOException e) {
        String text = e instanceof FileSystemException fse ? fse.getReason() : e.getMessage();
        return text != null && (text.contains("No space left on device") || text.contains("Disk quota exceeded"));
    }

    private static String describe(IOException e) {
        if (e instanceof AtomicMoveNotSupportedException) {
            return "source and destination are on different filesystems";
        }
        if (e instanceof FileSystemException fse) {
            // getMessage() would include local paths; the reason alone is the strerror text.
            return fse.getReason() != null ? fse.getReason() : e.getClass().getSimpleName();
        }
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }
}
