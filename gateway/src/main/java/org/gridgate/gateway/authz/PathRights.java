package org.gridgate.gateway.authz;

import java.util.Set;
import org.gridgate.caveat.Activity;

/**
 * What one client may do, path by path: its credential and the site's policies already resolved (the macaroon
 * verified, the policy rule found, the limited-proxy and anonymous-area rules applied), so answering is a look at
 * the path in memory. A {@link Grant} keeps it for paths a request only learns of from storage: the members of a
 * listing.
 */
@FunctionalInterface
public interface PathRights {

    /** Every activity the client may perform on {@code storagePath}; empty when none. */
    Set<Activity> at(String storagePath);
}
