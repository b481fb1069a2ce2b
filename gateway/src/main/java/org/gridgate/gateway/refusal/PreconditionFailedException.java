package org.gridgate.gateway.refusal;

/**
 * A condition the client set does not hold: {@code If}, {@code If-Match}, {@code If-None-Match}, {@code Overwrite: F}.
 */
public final class PreconditionFailedException extends RefusedException {
    private static final long serialVersionUID = 1L;

    public PreconditionFailedException(String message) {
        this(message, message);
    }

    public PreconditionFailedException(String message, String logDetail) {
        super(message, logDetail);
    }
}
