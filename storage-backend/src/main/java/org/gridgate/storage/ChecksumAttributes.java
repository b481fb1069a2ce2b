package org.gridgate.storage;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
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

    private final UserAttributes attributes;

    ChecksumAttributes(UserAttributes attributes) {
        this.attributes = attributes;
    }

    void write(Path file, ChecksumRecord record) throws IOException {
        if (!attributes.supported()) {
            return;
        }
        try {
            attributes.write(file, ATTRIBUTE, record.encode().getBytes(StandardCharsets.UTF_8));
        } catch (FileSystemException e) {
            if (!UserAttributes.isUnsupported(e)) {
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
        try {
            return attributes.read(file, ATTRIBUTE)
                    .flatMap(bytes -> ChecksumRecord.decode(new String(bytes, StandardCharsets.UTF_8)));
        } catch (IOException e) {
            // Unreadable is as good as none: the checksums are computed again.
            return Optional.empty();
        }
    }
}
