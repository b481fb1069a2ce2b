package org.gridgate.caveat;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.gridgate.caveat.policy.RuleBook;

/**
 * The site's rules for who may mint what, and what an X.509 user may do directly. Ordered rules matched on DN,
 * VO, VOMS group and role; the first rule that matches decides; no matching rule means no rights. The file
 * format and its checks live in {@code org.gridgate.caveat.policy}; see {@code caveat-engine/POLICY.md}.
 */
public final class MintingPolicy {

    private final RuleBook rules;

    private MintingPolicy(RuleBook rules) {
        this.rules = rules;
    }

    /** Loads and checks a policy file (YAML); a bad file fails here, at start-up, with a message naming the line. */
    public static MintingPolicy load(Path yamlFile) throws PolicyException {
        return new MintingPolicy(RuleBook.read(yamlFile));
    }

    /** The dev-mode policy: anyone the CA directory trusts may do anything anywhere, for up to 7 days. */
    public static MintingPolicy permissiveDev() {
        return new MintingPolicy(RuleBook.permissiveDev());
    }

    /** The first rule that matches {@code requester}; empty means it may mint nothing and do nothing. */
    public Optional<PolicyRule> ruleFor(Requester requester) {
        return rules.ruleFor(requester);
    }

    /**
     * Whether {@code requester}, authenticated with X.509 and without a macaroon, may perform {@code activity}
     * on {@code storagePath} directly. READ_METADATA comes with any allowed activity, and LIST and READ_METADATA
     * are allowed on the directories above the rule's paths so that clients can walk down to them.
     */
    public boolean permitsDirect(Requester requester, Activity activity, String storagePath) {
        return rules.permitsDirect(requester, activity, storagePath);
    }

    /** What {@code requester} may do directly, path by path, with its rule looked up once, here. */
    public DirectRights directRights(Requester requester) {
        return rules.directRights(requester);
    }

    /** One line per rule, in the order they are tried, for people (the door's status page). */
    public List<String> ruleSummaries() {
        return rules.summaries();
    }

    /**
     * A few human-readable lines for {@code gateway.jar policy check}: which rule matched (or why none did),
     * whether minting {@code activity} for {@code storagePath} is allowed and if not why, the lifetimes and the
     * caveats the rule adds.
     */
    public String explain(Requester requester, String storagePath, Activity activity) {
        return rules.explain(requester, storagePath, activity);
    }
}
