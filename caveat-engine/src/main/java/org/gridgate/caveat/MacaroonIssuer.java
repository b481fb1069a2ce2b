package org.gridgate.caveat;

import java.time.Clock;
import java.time.Duration;

/**
 * Mints macaroons for macaroon requests: checks the request (caveat grammar, validity), the site's minting
 * policy, and writes the caveats in dCache's order. Refuses rather than silently reduces.
 *
 * <p>STUB: the caveat-engine implementation replaces the body.
 */
public final class MacaroonIssuer {

    /**
     * @param defaultLifetime used when the request names no validity (dCache: 1 day)
     * @param maxLifetime     a request beyond it is refused with 400 (dCache: 7 days)
     */
    public MacaroonIssuer(SecretStore secrets, MintingPolicy policy, Clock clock,
                          Duration defaultLifetime, Duration maxLifetime) {
    }

    /** A macaroon for an X.509-authenticated requester, bound to {@code targetPath} (a storage path). */
    public MintedMacaroon issue(Requester requester, String targetPath, MacaroonRequest request)
            throws MintRefusedException {
        throw new UnsupportedOperationException("stub");
    }

    /**
     * A macaroon requested by the holder of {@code parent}: never more rights, never a longer life.
     */
    public MintedMacaroon attenuate(MacaroonRights parent, String targetPath, MacaroonRequest request)
            throws MintRefusedException {
        throw new UnsupportedOperationException("stub");
    }
}
