package org.gridgate.caveat.policy;

import java.util.List;
import java.util.Optional;
import org.gridgate.caveat.Activity;
import org.gridgate.caveat.PolicyRule;
import org.gridgate.caveat.Requester;

/**
 * The answer to "why may (or may not) this identity do this here?", for {@code gateway.jar policy check}. It walks
 * the rules as {@link RuleBook} does and reuses {@link AccessChecks}, so what it says is what the door does.
 */
final class Explanation {

    private final List<RuleTemplate> rules;
    private final Requester requester;
    private final String path;
    private final Activity activity;

    Explanation(List<RuleTemplate> rules, Requester requester, String path, Activity activity) {
        this.rules = rules;
        this.requester = requester;
        this.path = path;
        this.activity = activity;
    }

    String render() {
        StringBuilder text = new StringBuilder();
        line(text, "requester: " + requester.dn() + fqans() + username());
        for (int index = 0; index < rules.size(); index++) {
            RuleTemplate template = rules.get(index);
            Optional<String> mismatch = template.mismatch(requester);
            if (mismatch.isPresent()) {
                line(text, "rule '" + template.name() + "' skipped: " + mismatch.get());
                continue;
            }
            PolicyRule rule = template.instantiateFor(requester).orElseThrow();
            line(text, "rule '" + rule.name() + "' (#" + (index + 1) + " of " + rules.size() + ") decides");
            line(text, "mint " + activity + " for " + path + ": "
                    + verdict(AccessChecks.mintRefusal(rule, activity, path)));
            line(text, "direct X.509 " + activity + " on " + path + ": "
                    + verdict(AccessChecks.directRefusal(rule, activity, path)));
            line(text, "paths: " + rule.pathPrefixes());
            line(text, "validity: max " + Lifetimes.describe(rule.maxValidity())
                    + ", default " + Lifetimes.describe(rule.defaultValidity()));
            line(text, "added caveats: " + (rule.addedCaveats().isEmpty() ? "none" : rule.addedCaveats()));
            return text.toString();
        }
        line(text, "no rule matches: minting and direct access are refused (deny by default)");
        return text.toString();
    }

    private String fqans() {
        return requester.fqans().isEmpty() ? ", no FQANs" : ", FQANs " + requester.fqans();
    }

    private String username() {
        return requester.username() == null || requester.username().isEmpty() ? ", no local account"
                : ", username " + requester.username().get();
    }

    private static String verdict(Optional<String> refusal) {
        return refusal.map(reason -> "REFUSED: " + reason).orElse("allowed");
    }

    private static void line(StringBuilder text, String content) {
        text.append(content).append('\n');
    }
}
