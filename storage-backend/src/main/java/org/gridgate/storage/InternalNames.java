package org.gridgate.storage;

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

    private InternalNames() {
    }

    static boolean isInternal(String name) {
        return name.startsWith(PREFIX);
    }

    /** Random, so that doors sharing a filesystem never pick the same temporary name. */
    static String newUploadName() {
        return UPLOAD_PREFIX + UUID.randomUUID();
    }

    static String newCopyName() {
        return COPY_PREFIX + UUID.randomUUID();
    }

    static String newTrashName() {
        return TRASH_PREFIX + UUID.randomUUID();
    }
}
