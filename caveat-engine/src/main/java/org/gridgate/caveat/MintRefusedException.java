package org.gridgate.caveat;

/**
 * A macaroon request that will not be honoured. {@link #kind()} says whether the request itself is wrong
 * (the client asked for something malformed or impossible: HTTP 400) or whether policy forbids it (HTTP 403).
 * The message is short and safe to show the client.
 */
public class MintRefusedException extends Exception {
    private static final long serialVersionUID = 1L;

    public enum Kind { BAD_REQUEST, FORBIDDEN }

    private final Kind kind;

    public MintRefusedException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
