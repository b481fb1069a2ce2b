package org.gridgate.gateway.refusal;

/** A client without credentials asked for something only an authenticated client may do. */
public final class AuthenticationRequiredException extends RefusedException {
    private static final long serialVersionUID = 1L;

    public AuthenticationRequiredException(String message) {
        this(message, message);
    }

    public AuthenticationRequiredException(String message, String logDetail) {
        super(message, logDetail);
    }
}
