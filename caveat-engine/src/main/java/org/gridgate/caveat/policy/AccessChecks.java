package org.gridgate.caveat.policy;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import org.gridgate.caveat.Activity;
import org.gridgate.caveat.PolicyRule;

/**
 * What a matched rule allows on one path. Each check answers with the reason for refusal, or empty when it
 * allows; the boolean answers and the explanations for admins come from the same code, so they cannot disagree.
 */
final class AccessChecks {

    static final String BAD_PATH = "the path is not absolute or contains '.' or '..' segments";
    static final String OUTSIDE_PREFIXES = "the path is not within any of the rule's paths ";
    static final String ACTIVITY_NOT_ALLOWED = "the rule does not allow ";
    static final String ABOVE_PREFIX_ONLY_WALKING =
            "above the rule's paths only LIST and READ_METADATA are allowed, so clients can walk down to them";

    private static final Set<Activity> WALKING =
            Collections.unmodifiableSet(EnumSet.of(Activity.LIST, Activity.READ_METADATA));

    private AccessChecks() {
    }

    /** Why the rule does not let its holder mint a macaroon for {@code activity} on {@code path}. */
    static Optional<String> mintRefusal(PolicyRule rule, Activity activity, String path) {
        Optional<String> normalised = StoragePaths.normalise(path);
        if (normalised.isEmpty()) {
            return Optional.of(BAD_PATH);
        }
        if (!isWithinAPrefix(rule, normalised.get())) {
            return Optional.of(OUTSIDE_PREFIXES + rule.pathPrefixes());
        }
        if (!rule.activities().contains(activity)) {
            return Optional.of(ACTIVITY_NOT_ALLOWED + activity + " (it allows " + sorted(rule) + ")");
        }
        return Optional.empty();
    }

    /**
     * Why the rule does not let its holder perform {@code activity} on {@code path} directly with X.509.
     * READ_METADATA comes with any other activity (as in a macaroon), and LIST and READ_METADATA are allowed on
     * the directories above a prefix, since a client cannot reach {@code /atlas/atlaswork} without stepping
     * through {@code /atlas}.
     */
    static Optional<String> directRefusal(PolicyRule rule, Activity activity, String path) {
        Optional<String> normalised = StoragePaths.normalise(path);
        if (normalised.isEmpty()) {
            return Optional.of(BAD_PATH);
        }
        if (isWithinAPrefix(rule, normalised.get())) {
            boolean allowed = rule.activities().contains(activity)
                    || (activity == Activity.READ_METADATA && !rule.activities().isEmpty());
            return allowed ? Optional.empty()
                    : Optional.of(ACTIVITY_NOT_ALLOWED + activity + " (it allows " + sorted(rule) + ")");
        }
        if (isAboveAPrefix(rule, normalised.get())) {
            boolean walking = activity == Activity.LIST || activity == Activity.READ_METADATA;
            return walking ? Optional.empty() : Optional.of(ABOVE_PREFIX_ONLY_WALKING);
        }
        return Optional.of(OUTSIDE_PREFIXES + rule.pathPrefixes());
    }

    /** Every activity {@link #directRefusal} has no reason to refuse on {@code path}, the path looked at once. */
    static Set<Activity> directActivities(PolicyRule rule, String path) {
        Optional<String> normalised = StoragePaths.normalise(path);
        if (normalised.isEmpty()) {
            return Set.of();
        }
        if (isWithinAPrefix(rule, normalised.get())) {
            if (rule.activities().isEmpty()) {
                return Set.of();
            }
            EnumSet<Activity> allowed = EnumSet.copyOf(rule.activities());
            allowed.add(Activity.READ_METADATA);
            return Collections.unmodifiableSet(allowed);
        }
        if (isAboveAPrefix(rule, normalised.get())) {
            return WALKING;
        }
        return Set.of();
    }

    private static boolean isWithinAPrefix(PolicyRule rule, String path) {
        return rule.pathPrefixes().stream().anyMatch(prefix -> StoragePaths.isWithin(path, prefix));
    }

    private static boolean isAboveAPrefix(PolicyRule rule, String path) {
        return rule.pathPrefixes().stream().anyMatch(prefix -> StoragePaths.isStrictAncestorOf(path, prefix));
    }

    /** Activities in their enum order, so messages are stable from run to run. */
    private static String sorted(PolicyRule rule) {
        return rule.activities().stream().sorted().map(Enum::name).toList().toString();
    }
}
