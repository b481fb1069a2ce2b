package org.gridgate.caveat.policy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.gridgate.caveat.Activity;
import org.gridgate.caveat.PolicyRule;
import org.gridgate.caveat.Requester;

/** One validated rule as written in the policy file, before {@code ${username}} is filled in for a requester. */
record RuleTemplate(String name, RequesterMatch match, Set<Activity> activities, List<PathTemplate> paths,
                    Duration maxValidity, Duration defaultValidity, List<String> addedCaveats) {

    RuleTemplate {
        activities = Set.copyOf(activities);
        paths = List.copyOf(paths);
        addedCaveats = List.copyOf(addedCaveats);
    }

    /** One line for people: who, what, where, how long, and what it adds. */
    String summary() {
        String where = String.join(", ", paths.stream().map(PathTemplate::template).toList());
        String what = activities.stream().map(Enum::name).sorted().reduce((a, b) -> a + "," + b).orElse("nothing");
        return name + ": " + match.describe() + " may " + what + " under " + where + ", macaroons up to "
                + readable(maxValidity) + (addedCaveats.isEmpty() ? "" : ", adding " + String.join(" ", addedCaveats));
    }

    private static String readable(Duration duration) {
        if (duration.toHours() % 24 == 0) {
            return duration.toDays() + (duration.toDays() == 1 ? " day" : " days");
        }
        return duration.toMinutes() % 60 == 0 ? duration.toHours() + " h" : duration.toMinutes() + " min";
    }

    /** Why this rule does not apply to {@code requester}, or empty when it does. */
    Optional<String> mismatch(Requester requester) {
        Optional<String> unmatched = match.mismatch(requester);
        if (unmatched.isPresent()) {
            return unmatched;
        }
        if (resolvePaths(requester).isEmpty()) {
            return Optional.of("its paths use " + PathTemplate.USERNAME
                    + " and the requester maps to no usable local account");
        }
        return Optional.empty();
    }

    /** This rule as it applies to {@code requester}, or empty when it does not apply. */
    Optional<PolicyRule> instantiateFor(Requester requester) {
        if (match.mismatch(requester).isPresent()) {
            return Optional.empty();
        }
        return resolvePaths(requester).map(prefixes ->
                new PolicyRule(name, activities, prefixes, maxValidity, defaultValidity, addedCaveats));
    }

    private Optional<List<String>> resolvePaths(Requester requester) {
        Optional<String> username = requester.username() == null ? Optional.empty() : requester.username();
        List<String> prefixes = new ArrayList<>();
        for (PathTemplate path : paths) {
            Optional<String> prefix = path.resolve(username);
            if (prefix.isEmpty()) {
                return Optional.empty();
            }
            if (!prefixes.contains(prefix.get())) {
                prefixes.add(prefix.get());
            }
        }
        return Optional.of(prefixes);
    }
}
