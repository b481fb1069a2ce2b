package org.gridgate.caveat;

/**
 * A presented macaroon that grants nothing: malformed, forged, signed by an unknown or retired secret, expired,
 * or carrying a caveat the engine does not understand or the request does not satisfy.
 * {@link #getMessage()} is the full reason for the door's log; {@link #clientReason()} is a short form safe to
 * send back to the client (it never contains secrets).
 */
public class InvalidMacaroonException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String clientReason;

    public InvalidMacaroonException(String logReason, String clientReason) {
        super(logReason);
        this.clientReason = clientReason;
    }

    public String clientReason() {
        return clientReason;
    }
}
