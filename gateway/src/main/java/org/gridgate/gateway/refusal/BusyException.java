package org.gridgate.gateway.refusal;

/** The door cannot take this now (a full table, all copy slots busy): the client may retry later. */
public final class BusyException extends RefusedException {
    private static final long serialVersionUID = 1L;

    public BusyException(String message) {
        this(message, message);
    }

    public BusyException(String message, String logDetail) {
        super(message, logDetail);
    }
}
