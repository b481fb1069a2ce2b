package org.gridgate.caveat.policy;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.gridgate.caveat.Activity;
import org.gridgate.caveat.DirectRights;
import org.gridgate.caveat.PolicyException;
import org.gridgate.caveat.PolicyRule;
import org.gridgate.caveat.Requester;

/**
 * The site's ordered minting rules: the first rule that applies to a requester decides, and no applicable rule
 * means no rights at all. The one public door into this package; {@code MintingPolicy} presents it to the
 * rest of GridGate.
 */
public final class RuleBook {

    static final String DEV_RULE_NAME = "dev-permissive";

    private final List<RuleTemplate> rules;

    private RuleBook(List<RuleTemplate> rules) {
        this.rules = List.copyOf(rules);
    }

    /** Reads and validates {@code yamlFile}; any problem fails here, naming the line and the rule. */
    public static RuleBook read(Path yamlFile) throws PolicyException {
        return new RuleBook(new PolicyFileReader().read(yamlFile));
    }

    /** Anyone, every activity, everywhere, for at most 7 days (1 by default), with no caveats added. */
    public static RuleBook permissiveDev() {
        return new RuleBook(List.of(new RuleTemplate(DEV_RULE_NAME, RequesterMatch.ANYONE,
                EnumSet.allOf(Activity.class), List.of(new PathTemplate(StoragePaths.ROOT)),
                RuleCompiler.BUILT_IN_MAX_VALIDITY, RuleCompiler.BUILT_IN_DEFAULT_VALIDITY, List.of())));
    }

    /** The first rule that applies to {@code requester}, with its paths resolved for it. */
    public Optional<PolicyRule> ruleFor(Requester requester) {
        Objects.requireNonNull(requester, "requester");
        for (RuleTemplate rule : rules) {
            Optional<PolicyRule> applied = rule.instantiateFor(requester);
            if (applied.isPresent()) {
                return applied;
            }
        }
        return Optional.empty();
    }

    /** Whether {@code requester} may perform {@code activity} on {@code storagePath} with X.509 alone. */
    public boolean permitsDirect(Requester requester, Activity activity, String storagePath) {
        Objects.requireNonNull(activity, "activity");
        return ruleFor(requester)
                .map(rule -> AccessChecks.directRefusal(rule, activity, storagePath).isEmpty())
                .orElse(false);
    }

    /** What {@code requester} may do with X.509 alone, path by path; its rule is found now, once. */
    public DirectRights directRights(Requester requester) {
        Optional<PolicyRule> rule = ruleFor(requester);
        if (rule.isEmpty()) {
            return path -> Set.of();
        }
        PolicyRule found = rule.get();
        return path -> AccessChecks.directActivities(found, path);
    }

    /** One line per rule, in order, for people (the status page). */
    public List<String> summaries() {
        return rules.stream().map(RuleTemplate::summary).toList();
    }

    /** A few lines for an admin: which rule decides for {@code requester}, and what it allows on the path. */
    public String explain(Requester requester, String storagePath, Activity activity) {
        Objects.requireNonNull(requester, "requester");
        Objects.requireNonNull(activity, "activity");
        return new Explanation(rules, requester, storagePath, activity).render();
    }
}
