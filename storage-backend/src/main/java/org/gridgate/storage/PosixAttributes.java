package org.gridgate.storage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * What one {@code lstat} says about an entry. Read in a single call so that size, time and inode always describe
 * the same file, even while another door replaces it.
 */
record PosixAttributes(Kind kind, long size, Instant lastModified, long inode) {

    enum Kind { FILE, DIRECTORY, SYMLINK, OTHER }

    private static final String ATTRIBUTES =
            "unix:ino,size,lastModifiedTime,isDirectory,isRegularFile,isSymbolicLink";

    /** Never follows a symbolic link: a link is reported as {@link Kind#SYMLINK}. */
    static Optional<PosixAttributes> readIfExists(Path path) throws IOException {
        Map<String, Object> raw;
        try {
            raw = Files.readAttributes(path, ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        return Optional.of(new PosixAttributes(
                kindOf(raw),
                (Long) raw.get("size"),
                ((FileTime) raw.get("lastModifiedTime")).toInstant(),
                (Long) raw.get("ino")));
    }

    static PosixAttributes read(Path path) throws IOException {
        return readIfExists(path).orElseThrow(() -> new NoSuchFileException(path.toString()));
    }

    private static Kind kindOf(Map<String, Object> raw) {
        if (Boolean.TRUE.equals(raw.get("isSymbolicLink"))) {
            return Kind.SYMLINK;
        }
        if (Boolean.TRUE.equals(raw.get("isDirectory"))) {
            return Kind.DIRECTORY;
        }
        if (Boolean.TRUE.equals(raw.get("isRegularFile"))) {
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
