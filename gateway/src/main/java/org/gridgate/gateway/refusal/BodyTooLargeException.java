package org.gridgate.gateway.refusal;

/** A request body beyond the door's own limit for that kind of request (an XML body, a macaroon request). */
public final class BodyTooLargeException extends RefusedException {
    private static final long serialVersionUID = 1L;

    public BodyTooLargeException(String message) {
        this(message, message);
    }

    public BodyTooLargeException(String message, String logDetail) {
        super(message, logDetail);
    }
}
