package org.gridgate.gateway.refusal;

/** A body of a kind this request does not take. */
public final class UnsupportedMediaTypeException extends RefusedException {
    private static final long serialVersionUID = 1L;

    public UnsupportedMediaTypeException(String message) {
        this(message, message);
    }

    public UnsupportedMediaTypeException(String message, String logDetail) {
        super(message, logDetail);
    }
}
