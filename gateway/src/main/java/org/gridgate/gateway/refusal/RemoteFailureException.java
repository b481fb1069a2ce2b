package org.gridgate.gateway.refusal;

/**
 * Part of the request is another server's: the remote end of a third-party copy failed or answered badly, or a
 * Destination names a host that is not this door.
 */
public final class RemoteFailureException extends RefusedException {
    private static final long serialVersionUID = 1L;

    public RemoteFailureException(String message) {
        this(message, message);
    }

    public RemoteFailureException(String message, String logDetail) {
        super(message, logDetail);
    }
}
