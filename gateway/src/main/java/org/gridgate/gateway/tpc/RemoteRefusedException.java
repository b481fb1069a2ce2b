package org.gridgate.gateway.tpc;

/**
 * A third-party copy the door's remote-endpoint policy does not allow: the remote is, or resolves to, an address the
 * door must not reach on a client's say-so. The message names the host as the client wrote it and nothing the
 * door learnt by resolving it; {@link #logDetail()} has the address and the rule.
 */
public final class RemoteRefusedException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String logDetail;

    private RemoteRefusedException(String message, String logDetail) {
        super(message);
        this.logDetail = logDetail;
    }

    static RemoteRefusedException notAllowed(String host, String why) {
        return new RemoteRefusedException("third-party copy to " + host + " is not allowed by the door's policy",
                host + ": " + why);
    }

    static RemoteRefusedException disabled() {
        return new RemoteRefusedException("third-party copy is disabled at this door",
                "third-party copy is disabled (third-party-copy.enabled: false)");
    }

    public String logDetail() {
        return logDetail;
    }
}
