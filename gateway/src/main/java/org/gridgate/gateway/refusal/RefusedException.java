package org.gridgate.gateway.refusal;

/**
 * A request the door refuses for a reason its subclass names. The message is sent to the client as it is: short,
 * saying what was wrong, never a credential; {@link #logDetail()} may say more for the door's log.
 */
public abstract class RefusedException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String logDetail;

    protected RefusedException(String message, String logDetail) {
        super(message);
        this.logDetail = logDetail;
    }

    public final String logDetail() {
        return logDetail;
    }
}
