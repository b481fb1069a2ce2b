package org.gridgate.gateway.authz;

import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.gridgate.caveat.Activity;
import org.gridgate.gateway.http.RequestPath;

/**
 * Areas where clients without any credential may act, as a dCache door can be configured to allow (for public
 * data, or for a WebDAV test area such as litmus needs). None by default: anonymous clients may do nothing.
 */
public record AnonymousAccess(List<Area> areas) {

    /**
     * @param path       a normalised absolute storage path; the area is it and everything below it
     * @param activities what anonymous clients may do there
     */
    public record Area(String path, Set<Activity> activities) {
        public Area {
            activities = Set.copyOf(activities);
        }

        boolean covers(String storagePath) {
            return RequestPath.isWithin(storagePath, path);
        }
    }

    public AnonymousAccess {
        areas = List.copyOf(areas);
    }

    public static AnonymousAccess none() {
        return new AnonymousAccess(List.of());
    }

    public boolean permits(Activity activity, String storagePath) {
        return activitiesAt(storagePath).contains(activity);
    }

    /** What anonymous clients may do on {@code storagePath}: everything some area covering it allows. */
    public Set<Activity> activitiesAt(String storagePath) {
        EnumSet<Activity> allowed = EnumSet.noneOf(Activity.class);
        for (Area area : areas) {
            if (area.covers(storagePath)) {
                allowed.addAll(area.activities());
            }
        }
        return Collections.unmodifiableSet(allowed);
    }
}
