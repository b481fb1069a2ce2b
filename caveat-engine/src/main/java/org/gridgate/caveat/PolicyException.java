package org.gridgate.caveat;

/** A policy file that cannot be used: unreadable, malformed, or naming an unknown activity. */
public class PolicyException extends Exception {
    private static final long serialVersionUID = 1L;

    public PolicyException(String message) {
        super(message);
    }

    public PolicyException(String message, Throwable cause) {
        super(message, cause);
    }
}
