package org.gridgate.storage;

import java.util.OptionalInt;

/**
 * A dead-property update that was refused as a whole: nothing of it was stored. {@link #failedChange()} is the
 * index of the change that could not be made (a limit crossed by it), or empty when the update as a whole could
 * not be stored (no room left on the filesystem, no extended attributes there).
 */
public final class PropertyUpdateException extends StorageException {
    private static final long serialVersionUID = 1L;

    private final int failedChange;

    PropertyUpdateException(Reason reason, String message, OptionalInt failedChange, Throwable cause) {
        super(reason, message, cause);
        this.failedChange = failedChange.orElse(-1);
    }

    public OptionalInt failedChange() {
        return failedChange < 0 ? OptionalInt.empty() : OptionalInt.of(failedChange);
    }
}
