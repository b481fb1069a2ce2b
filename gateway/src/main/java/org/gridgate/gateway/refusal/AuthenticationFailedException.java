package org.gridgate.gateway.refusal;

/**
 * The credential the client presented is invalid: a macaroon that does not verify, a certificate chain that is
 * refused. The door never falls back to another credential.
 */
public final class AuthenticationFailedException extends RefusedException {
    private static final long serialVersionUID = 1L;

    public AuthenticationFailedException(String message) {
        this(message, message);
    }

    public AuthenticationFailedException(String message, String logDetail) {
        super(message, logDetail);
    }
}
