package org.gridgate.gateway.refusal;

/**
 * The request does not fit the state of the resource: a file where a directory is meant, or the reverse; a lock that
 * is not there.
 */
public final class ConflictException extends RefusedException {
    private static final long serialVersionUID = 1L;

    public ConflictException(String message) {
        this(message, message);
    }

    public ConflictException(String message, String logDetail) {
        super(message, logDetail);
    }
}
