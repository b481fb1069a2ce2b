package org.gridgate.caveat;

import java.net.InetAddress;
import java.time.Clock;

/**
 * Verifies a presented macaroon and folds its caveats into {@link MacaroonRights}. Fails closed.
 *
 * <p>STUB: the caveat-engine implementation replaces the body.
 */
public final class MacaroonVerifier {

    public MacaroonVerifier(SecretStore secrets, Clock clock) {
    }

    /**
     * @param serialized the token as received (V1 base64url; the standard base64 alphabet is accepted too)
     * @param client     the direct peer address, checked against {@code ip:} caveats
     */
    public MacaroonRights verify(String serialized, InetAddress client) throws InvalidMacaroonException {
        throw new UnsupportedOperationException("stub");
    }
}
