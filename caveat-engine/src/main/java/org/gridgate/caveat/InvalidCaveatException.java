package org.gridgate.caveat;

/**
 * A caveat that cannot be understood or does not hold: unknown label, missing {@code ':'}, a malformed value, or a
 * combination rule it breaks (for example an activity set that grows). The message names the caveat, with control
 * characters escaped, so it can go straight into a log or a 400 reason.
 */
public class InvalidCaveatException extends Exception {
    private static final long serialVersionUID = 1L;

    public InvalidCaveatException(String message) {
        super(message);
    }
}
