package org.gridgate.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.util.Arrays;
import java.util.Optional;

/**
 * The user extended attributes ({@code user.*}) of entries under the root, never through a symbolic link. Where
 * the root's filesystem has none ({@code supported} false), reads find nothing and writes are refused with
 * {@link FileSystemException}s that {@link #isUnsupported} recognises, as a filesystem mounted below the root
 * without them refuses them.
 *
 * <p>The JDK reports errno only as text in {@link FileSystemException#getReason()}, hence the string tests.
 */
final class UserAttributes {
    /** ext4 keeps all of an inode's attributes in one 4 KiB block, so one read of that size nearly always does. */
    private static final int FIRST_READ_BYTES = 4096;
    private static final int MAX_READ_ATTEMPTS = 3;

    private final boolean supported;

    UserAttributes(boolean supported) {
        this.supported = supported;
    }

    boolean supported() {
        return supported;
    }

    /** The attribute's value; empty where the entry has none or the filesystem keeps none. */
    Optional<byte[]> read(Path entry, String name) throws IOException {
        if (!supported) {
            return Optional.empty();
        }
        UserDefinedFileAttributeView view = viewOf(entry);
        // Listing first is no dearer than a read, and an entry without the attribute (most) costs no exception:
        // a PROPFIND of a large directory asks every entry.
        try {
            if (!view.list().contains(name)) {
                return Optional.empty();
            }
        } catch (FileSystemException e) {
            if (isUnsupported(e)) {
                return Optional.empty();
            }
            throw e;
        }
        int size = FIRST_READ_BYTES;
        for (int attempt = 1; ; attempt++) {
            ByteBuffer buffer = ByteBuffer.allocate(size);
            try {
                view.read(name, buffer);
                return Optional.of(Arrays.copyOf(buffer.array(), buffer.position()));
            } catch (FileSystemException e) {
                if (isAbsent(e) || isUnsupported(e)) {
                    return Optional.empty();
                }
                if (!isBufferTooSmall(e) || attempt == MAX_READ_ATTEMPTS) {
                    throw e;
                }
                // Larger than one block (XFS, tmpfs): ask its size; another writer may still grow it, hence the loop.
                size = Math.max(view.size(name), size * 2);
            }
        }
    }

    void write(Path entry, String name, byte[] value) throws IOException {
        if (!supported) {
            throw new FileSystemException(entry.toString(), null, "user extended attributes not supported");
        }
        viewOf(entry).write(name, ByteBuffer.wrap(value));
    }

    /** Removes the attribute; one that is not there is already removed. */
    void delete(Path entry, String name) throws IOException {
        if (!supported) {
            return;
        }
        try {
            viewOf(entry).delete(name);
        } catch (FileSystemException e) {
            if (!isAbsent(e) && !isUnsupported(e)) {
                throw e;
            }
        }
    }

    /** ENOTSUP: no user extended attributes on this filesystem (or the root's has them and a mount below not). */
    static boolean isUnsupported(FileSystemException e) {
        return reasonContains(e, "not supported");
    }

    /** ENOSPC (ext4 keeps at most one block of attributes per inode) or E2BIG (more than the kernel takes). */
    static boolean isNoRoom(IOException e) {
        return IoFailures.isOutOfSpace(e)
                || e instanceof FileSystemException fse && reasonContains(fse, "Argument list too long");
    }

    /** ENODATA: the entry has no such attribute. */
    private static boolean isAbsent(FileSystemException e) {
        return reasonContains(e, "No data available");
    }

    /** ERANGE, as the JDK words it. */
    private static boolean isBufferTooSmall(FileSystemException e) {
        return reasonContains(e, "Insufficient space in buffer");
    }

    private static boolean reasonContains(FileSystemException e, String text) {
        return e.getReason() != null && e.getReason().contains(text);
    }

    private static UserDefinedFileAttributeView viewOf(Path entry) throws IOException {
        UserDefinedFileAttributeView view =
                Files.getFileAttributeView(entry, UserDefinedFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
        if (view == null) {
            throw new FileSystemException(entry.toString(), null, "user extended attributes not supported");
        }
        return view;
    }
}
