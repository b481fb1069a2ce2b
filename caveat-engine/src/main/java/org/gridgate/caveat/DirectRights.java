package org.gridgate.caveat;

import java.util.Set;

/**
 * What one X.509 requester may do directly, without a macaroon, path by path: the site policy's rule for it found
 * once, then asked about as many paths as a request needs (its own, a destination, the members of a listing).
 * Agrees with {@link MintingPolicy#permitsDirect} on every path and activity.
 */
@FunctionalInterface
public interface DirectRights {

    /** Every activity the requester may perform on {@code storagePath}; empty when its rule allows none there. */
    Set<Activity> at(String storagePath);
}
