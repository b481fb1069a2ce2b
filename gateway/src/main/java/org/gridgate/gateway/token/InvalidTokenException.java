package org.gridgate.gateway.token;

/** A JWT the door does not accept; the message says why, without the token. */
public final class InvalidTokenException extends Exception {
    private static final long serialVersionUID = 1L;

    public InvalidTokenException(String message) {
        super(message);
    }
}
