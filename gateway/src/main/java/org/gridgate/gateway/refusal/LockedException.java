package org.gridgate.gateway.refusal;

/** The resource is locked by someone else, and the client submitted no lock token of its own for it. */
public final class LockedException extends RefusedException {
    private static final long serialVersionUID = 1L;

    public LockedException(String message) {
        this(message, message);
    }

    public LockedException(String message, String logDetail) {
        super(message, logDetail);
    }
}
