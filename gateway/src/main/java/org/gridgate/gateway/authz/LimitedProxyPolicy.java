package org.gridgate.gateway.authz;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;
import org.gridgate.caveat.Activity;

/**
 * What a limited proxy may do. Globus created limited proxies so that a job could read data but not act fully as
 * its owner; sites either honour that (read-only) or refuse such proxies outright.
 */
public enum LimitedProxyPolicy {
    /** Read activities only, directly and in the macaroons it mints. */
    DOWNLOAD_ONLY,
    /** Nothing at all. */
    REFUSE;

    private static final Set<Activity> READ_ACTIVITIES =
            EnumSet.of(Activity.DOWNLOAD, Activity.LIST, Activity.READ_METADATA);

    public boolean allows(Activity activity) {
        return this == DOWNLOAD_ONLY && READ_ACTIVITIES.contains(activity);
    }

    /** What is left of {@code activities} (a proxy's owner's rights somewhere) for a limited proxy. */
    public Set<Activity> restrict(Set<Activity> activities) {
        if (this == REFUSE || activities.isEmpty()) {
            return Set.of();
        }
        EnumSet<Activity> left = EnumSet.copyOf(activities);
        left.retainAll(READ_ACTIVITIES);
        return Collections.unmodifiableSet(left);
    }

    /** Whether a macaroon restricted to {@code activities} may be minted by a limited proxy. */
    public boolean allowsMinting(Set<Activity> activities) {
        return this == DOWNLOAD_ONLY && !activities.isEmpty() && READ_ACTIVITIES.containsAll(activities);
    }
}
