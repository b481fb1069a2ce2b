package org.gridgate.storage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.Optional;

/**
 * What one {@code lstat} says about an entry. Read in a single call so that size, time and inode always describe
 * the same file, even while another door replaces it.
 */
record PosixAttributes(Kind kind, long size, Instant lastModified, long inode) {

    enum Kind { FILE, DIRECTORY, SYMLINK, OTHER }

    /**
     * Never follows a symbolic link: a link is reported as {@link Kind#SYMLINK}. The typed attributes are read, not
     * the {@code "unix:ino,size,…"} map: that form parses its attribute list and fills a map on every call, which
     * made it the most expensive part of a small GET. The inode comes from the same {@code lstat}, through the file
     * key.
     */
    static Optional<PosixAttributes> readIfExists(Path path) throws IOException {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        return Optional.of(new PosixAttributes(kindOf(attributes), attributes.size(),
                attributes.lastModifiedTime().toInstant(), inodeOf(attributes.fileKey(), path)));
    }

    /**
     * The inode number in the JDK's Unix file key, {@code (dev=803,ino=1234)}; should a JDK ever spell it otherwise,
     * it is read as the {@code unix:ino} attribute instead (one more lstat, same answer).
     */
    static long inodeOf(Object fileKey, Path path) throws IOException {
        String key = fileKey == null ? "" : fileKey.toString();
        int start = key.indexOf("ino=");
        int end = key.indexOf(')', start);
        if (start >= 0 && end > start + 4) {
            try {
                return Long.parseLong(key, start + 4, end, 10);
            } catch (NumberFormatException e) {
                // fall through to the slow way
            }
        }
        return (Long) Files.getAttribute(path, "unix:ino", LinkOption.NOFOLLOW_LINKS);
    }

    static PosixAttributes read(Path path) throws IOException {
        return readIfExists(path).orElseThrow(() -> new NoSuchFileException(path.toString()));
    }

    private static Kind kindOf(BasicFileAttributes attributes) {
        if (attributes.isSymbolicLink()) {
            return Kind.SYMLINK;
        }
        if (attributes.isDirectory()) {
            return Kind.DIRECTORY;
        }
        if (attributes.isRegularFile()) {
            return Kind.FILE;
        }
        return Kind.OTHER;
    }

    boolean isDirectory() {
        return kind == Kind.DIRECTORY;
    }

    boolean isFile() {
        return kind == Kind.FILE;
    }

    FileStat toStat(NamespacePath path) {
        return new FileStat(path.toString(), isDirectory(), isDirectory() ? 0 : size, lastModified, etag());
    }

    /**
     * Inode, size and modification time in nanoseconds: a replaced or rewritten file gets a new value. The device
     * number is left out on purpose, because NFS clients number the same export differently, and doors sharing
     * storage must agree on the etag.
     */
    String etag() {
        long nanos = Math.addExact(Math.multiplyExact(lastModified.getEpochSecond(), 1_000_000_000L),
                lastModified.getNano());
        return Long.toHexString(inode) + "-" + Long.toHexString(size) + "-" + Long.toHexString(nanos);
    }
}
