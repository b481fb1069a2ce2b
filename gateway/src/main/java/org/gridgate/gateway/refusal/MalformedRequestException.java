package org.gridgate.gateway.refusal;

/** The request itself is malformed or ambiguous: a header, path or body the door will not guess at. */
public final class MalformedRequestException extends RefusedException {
    private static final long serialVersionUID = 1L;

    public MalformedRequestException(String message) {
        this(message, message);
    }

    public MalformedRequestException(String message, String logDetail) {
        super(message, logDetail);
    }
}
