package org.gridgate.gateway.tpc;

import org.gridgate.gateway.refusal.AccessDeniedException;

/**
 * A third-party copy the door's remote-endpoint policy does not allow: the remote is, or resolves to, an address the
 * door must not reach on a client's say-so. The message names the host as the client wrote it and nothing the
 * door learnt by resolving it; {@link #logDetail()} has the address and the rule. The client is refused as for any
 * other activity it may not perform.
 */
public final class RemoteRefusedException extends AccessDeniedException {
    private static final long serialVersionUID = 1L;

    private RemoteRefusedException(String message, String logDetail) {
        super(message, logDetail);
    }

    static RemoteRefusedException notAllowed(String host, String why) {
        return new RemoteRefusedException("third-party copy to " + host + " is not allowed by the door's policy",
                host + ": " + why);
    }

    static RemoteRefusedException disabled() {
        return new RemoteRefusedException("third-party copy is disabled at this door",
                "third-party copy is disabled (third-party-copy.enabled: false)");
    }
}
