package org.gridgate.gateway.refusal;

/** The request head is larger than the door reads: the request line or the header fields. */
public final class HeadTooLargeException extends RefusedException {
    private static final long serialVersionUID = 1L;

    /** Which part is too large; each has its own status (RFC 9110 §15.5.15, RFC 6585 §5). */
    public enum Part { REQUEST_LINE, HEADER_FIELDS }

    private final Part part;

    public HeadTooLargeException(Part part, String message) {
        super(message, message);
        this.part = part;
    }

    public Part part() {
        return part;
    }
}
