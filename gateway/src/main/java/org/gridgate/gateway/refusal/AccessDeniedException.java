package org.gridgate.gateway.refusal;

/**
 * The client is who it says, but may not do this here: its macaroon, the site policy or the door's own rules refuse
 * it.
 */
public class AccessDeniedException extends RefusedException {
    private static final long serialVersionUID = 1L;

    public AccessDeniedException(String message) {
        this(message, message);
    }

    public AccessDeniedException(String message, String logDetail) {
        super(message, logDetail);
    }
}
