package org.gridgate.storage;

import java.time.DateTimeException;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * Names the backend uses for its own files beside the user's. Every such name starts with {@link #PREFIX}; the
 * namespace refuses and hides that prefix, so a client can never see, open, overwrite or delete them.
 */
final class InternalNames {
    static final String PREFIX = ".gridgate-";
    static final String UPLOAD_PREFIX = PREFIX + "upload-";
    static final String COPY_PREFIX = PREFIX + "copy-";
    static final String TRASH_PREFIX = PREFIX + "trash-";
    /** A resumable upload's staged bytes: {@code .gridgate-partial-<keep-until epoch seconds>-<hash>}. */
    static final String PARTIAL_PREFIX = PREFIX + "partial-";

    private InternalNames() {
    }

    static boolean isInternal(String name) {
        return name.startsWith(PREFIX);
    }

    /** Random, so that doors sharing a filesystem never pick the same temporary name. */
    static String newUploadName() {
        return UPLOAD_PREFIX + UUID.randomUUID();
    }

    /**
     * The one name of the staged bytes of {@code target} under {@code key}: derived, not random, so that the next
     * request (on any door) finds them. The hash keeps owner and path out of directory listings on the server.
     */
    static String partialName(NamespacePath target, PartialKey key) {
        String digest = Sha256Hex.of(target + "\n" + key.owner());
        return PARTIAL_PREFIX + key.keepUntil().getEpochSecond() + "-" + digest.substring(0, 40);
    }

    /** When the staged bytes named {@code name} may be swept; empty if it is not a partial's name. */
    static Optional<Instant> partialKeptUntil(String name) {
        if (!name.startsWith(PARTIAL_PREFIX)) {
            return Optional.empty();
        }
        int dash = name.indexOf('-', PARTIAL_PREFIX.length());
        try {
            return Optional.of(Instant.ofEpochSecond(
                    Long.parseLong(name.substring(PARTIAL_PREFIX.length(), dash < 0 ? name.length() : dash))));
        } catch (NumberFormatException | DateTimeException e) {
            // Not one of ours after all: swept by age like any other leftover.
            return Optional.empty();
        }
    }

    static String newCopyName() {
        return COPY_PREFIX + UUID.randomUUID();
    }

    static String newTrashName() {
        return TRASH_PREFIX + UUID.randomUUID();
    }
}
