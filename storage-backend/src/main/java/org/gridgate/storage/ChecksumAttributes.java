package org.gridgate.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.util.Map;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps each file's {@link ChecksumRecord} in the user extended attribute {@code user.gridgate.checksums}. An
 * attribute belongs to the inode, so it is written before the file becomes visible, travels with every rename and
 * disappears with the file: there is no sidecar to keep in step.
 *
 * <p>Where the filesystem has no user extended attributes nothing is recorded and every file reads as having no
 * checksums; uploads still work.
 */
final class ChecksumAttributes {
    static final String ATTRIBUTE = "gridgate.checksums";
    private static final Logger LOG = LoggerFactory.getLogger(ChecksumAttributes.class);
    /** A record is about 200 bytes; anything larger is not ours. */
    private static final int MAX_RECORD_BYTES = 1024;

    private final boolean supported;

    ChecksumAttributes(boolean supported) {
        this.supported = supported;
    }

    void write(Path file, ChecksumRecord record) throws IOException {
        Optional<UserDefinedFileAttributeView> view = viewOf(file);
        if (view.isEmpty()) {
            return;
        }
        try {
            view.get().write(ATTRIBUTE, StandardCharsets.UTF_8.encode(record.encode()));
        } catch (FileSystemException e) {
            if (!isUnsupported(e)) {
                throw e;
            }
            // A filesystem mounted below the root may lack xattrs even when the root's has them.
            LOG.debug("checksums not recorded, no extended attributes here: {}", e.getReason());
        }
    }

    /** The recorded checksums if they still describe the file as it is now, otherwise none. */
    Map<ChecksumAlgorithm, String> validChecksums(Path file, PosixAttributes current) {
        return read(file).filter(record -> record.describes(current))
                .map(ChecksumRecord::checksums)
                .orElse(Map.of());
    }

    Optional<ChecksumRecord> read(Path file) {
        Optional<UserDefinedFileAttributeView> view = viewOf(file);
        if (view.isEmpty()) {
            return Optional.empty();
        }
        try {
            ByteBuffer buffer = ByteBuffer.allocate(MAX_RECORD_BYTES);
            view.get().read(ATTRIBUTE, buffer);
            buffer.flip();
            return ChecksumRecord.decode(StandardCharsets.UTF_8.decode(buffer).toString());
        } catch (IOException e) {
            // Most often ENODATA: a file written by something other than a door.
            return Optional.empty();
        }
    }

    private Optional<UserDefinedFileAttributeView> viewOf(Path file) {
        if (!supported) {
            return Optional.empty();
        }
        return Optional.ofNullable(
                Files.getFileAttributeView(file, UserDefinedFileAttributeView.class, LinkOption.NOFOLLOW_LINKS));
    }

    private static boolean isUnsupported(FileSystemException e) {
        return e.getReason() != null && e.getReason().contains("not supported");
    }
}
