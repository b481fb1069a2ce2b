package org.gridgate.caveat;

import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * What one policy rule lets a matching requester mint (and do directly with X.509).
 *
 * @param name            the rule's name, quoted in refusals and logs
 * @param activities      activities it allows; a request for any other is refused (403), never silently reduced
 * @param pathPrefixes    storage paths under which it allows them (placeholders such as {@code ${username}}
 *                        already substituted for this requester); compared segment by segment
 * @param maxValidity     longest lifetime a minted macaroon may have
 * @param defaultValidity lifetime when the request names none
 * @param addedCaveats    caveats always appended to what this rule mints, e.g. {@code ip:192.0.2.0/24}
 */
public record PolicyRule(String name, Set<Activity> activities, List<String> pathPrefixes,
                         Duration maxValidity, Duration defaultValidity, List<String> addedCaveats) {
    public PolicyRule {
        activities = Set.copyOf(activities);
        pathPrefixes = List.copyOf(pathPrefixes);
        addedCaveats = List.copyOf(addedCaveats);
    }
}
