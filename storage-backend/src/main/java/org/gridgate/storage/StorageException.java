package org.gridgate.storage;

/** A storage operation that failed; {@link #reason()} is what the gateway maps to an HTTP status. */
public class StorageException extends Exception {
    private static final long serialVersionUID = 1L;

    public enum Reason {
        NOT_FOUND, ALREADY_EXISTS, NOT_EMPTY, PARENT_MISSING, IS_DIRECTORY, NOT_DIRECTORY, NO_SPACE,
        FORBIDDEN_PATH, CHECKSUM_MISMATCH, TOO_LARGE, IO_ERROR,
        /** A resource's dead properties would exceed what the storage keeps per resource. */
        PROPERTY_LIMIT,
        /** The storage cannot do this where asked, e.g. keep dead properties on a filesystem without xattrs. */
        NOT_SUPPORTED,
        /** Not now: another request holds what this one needs (a resumable upload's staged bytes); try again. */
        BUSY
    }

    private final Reason reason;

    public StorageException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public StorageException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
