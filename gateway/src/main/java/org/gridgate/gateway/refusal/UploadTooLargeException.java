package org.gridgate.gateway.refusal;

/** An upload beyond what the client may store: a macaroon's {@code max-upload:}. */
public final class UploadTooLargeException extends RefusedException {
    private static final long serialVersionUID = 1L;

    public UploadTooLargeException(String message) {
        this(message, message);
    }

    public UploadTooLargeException(String message, String logDetail) {
        super(message, logDetail);
    }
}
