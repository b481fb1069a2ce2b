package org.gridgate.caveat.policy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.gridgate.caveat.Activity;
import org.gridgate.caveat.PolicyException;

/**
 * Turns the bound policy file into validated rules, refusing anything an admin probably did not mean: a rule
 * that can never match, a path that is relative or climbs with {@code ..}, a default lifetime beyond the maximum.
 * Every message names the file, the line and the rule so the admin can go straight to it.
 */
final class RuleCompiler {

    /** dCache's own limits, used when the policy file says nothing. */
    static final Duration BUILT_IN_MAX_VALIDITY = Duration.ofDays(7);
    static final Duration BUILT_IN_DEFAULT_VALIDITY = Duration.ofDays(1);

    private final String source;
    private final SourceLines lines;

    RuleCompiler(String source, SourceLines lines) {
        this.source = source;
        this.lines = lines;
    }

    List<RuleTemplate> compile(PolicyDocument document) throws PolicyException {
        Duration fallbackMax = BUILT_IN_MAX_VALIDITY;
        Duration fallbackDefault = BUILT_IN_DEFAULT_VALIDITY;
        if (document.defaults() != null) {
            fallbackMax = orElse(document.defaults().maxValidity(), fallbackMax);
            fallbackDefault = orElse(document.defaults().defaultValidity(), fallbackDefault);
            if (document.defaults().defaultValidity() != null && fallbackDefault.compareTo(fallbackMax) > 0) {
                throw new PolicyException(source + lines.describe(List.of("defaults")) + ": defaults: default-validity "
                        + Lifetimes.describe(fallbackDefault)
                        + " exceeds max-validity " + Lifetimes.describe(fallbackMax));
            }
        }
        List<RuleTemplate> rules = new ArrayList<>();
        Map<String, Integer> seenNames = new HashMap<>();
        List<PolicyDocument.Rule> written = document.rules() == null ? List.of() : document.rules();
        for (int index = 0; index < written.size(); index++) {
            PolicyDocument.Rule rule = written.get(index);
            if (rule == null) {
                throw problem(index, null, "the rule is empty");
            }
            RuleTemplate compiled = compileRule(index, rule, fallbackMax, fallbackDefault);
            Integer earlier = seenNames.putIfAbsent(compiled.name(), index);
            if (earlier != null) {
                String earlierLine = lines.describeRule(earlier);
                throw problem(index, compiled.name(), "the name is already used by rule #" + (earlier + 1)
                        + (earlierLine.isEmpty() ? "" : " (" + earlierLine.strip() + ")"));
            }
            rules.add(compiled);
        }
        return rules;
    }

    private RuleTemplate compileRule(int index, PolicyDocument.Rule rule, Duration fallbackMax,
                                     Duration fallbackDefault) throws PolicyException {
        String name = rule.name();
        if (name == null || name.isBlank()) {
            throw problem(index, null, "name must not be empty");
        }
        RequesterMatch match = compileMatch(index, name, rule.match());
        PolicyDocument.Allow allow = rule.allow();
        if (allow == null) {
            throw problem(index, name, "allow must say which activities and paths the rule allows");
        }
        Set<Activity> activities = compileActivities(index, name, allow.activities());
        List<PathTemplate> paths = compilePaths(index, name, allow.paths());

        Duration max = orElse(allow.maxValidity(), fallbackMax);
        // An inherited default shrinks to fit a rule's own shorter maximum; only an explicit clash is an error.
        Duration defaultValidity = allow.defaultValidity() != null ? allow.defaultValidity()
                : (fallbackDefault.compareTo(max) > 0 ? max : fallbackDefault);
        if (defaultValidity.compareTo(max) > 0) {
            throw problem(index, name, "default-validity " + Lifetimes.describe(defaultValidity)
                    + " exceeds max-validity " + Lifetimes.describe(max));
        }

        List<String> addedCaveats = rule.addCaveats() == null ? List.of() : rule.addCaveats();
        for (String caveat : addedCaveats) {
            Optional<String> problem = AddedCaveatCheck.problem(caveat);
            if (problem.isPresent()) {
                throw problem(index, name, problem.get());
            }
        }
        return new RuleTemplate(name, match, activities, paths, max, defaultValidity, addedCaveats);
    }

    private RequesterMatch compileMatch(int index, String name, PolicyDocument.Match match)
            throws PolicyException {
        if (match == null) {
            return RequesterMatch.ANYONE;
        }
        Optional<DnPattern> dn = Optional.empty();
        if (match.dn() != null) {
            if (!match.dn().startsWith("/")) {
                throw problem(index, name, "match.dn '" + match.dn()
                        + "' must be in OpenSSL slash form, e.g. /DC=org/DC=example/CN=host.example.org");
            }
            dn = Optional.of(DnPattern.of(match.dn()));
        }
        if (match.vo() != null && (match.vo().isBlank() || match.vo().contains("/"))) {
            throw problem(index, name, "match.vo '" + match.vo() + "' must be a bare VO name such as atlas");
        }
        Optional<String> group = Optional.empty();
        if (match.group() != null) {
            Optional<Fqan> parsed = Fqan.parse(match.group());
            if (parsed.isEmpty() || match.group().contains("=") || match.group().endsWith("/")) {
                throw problem(index, name, "match.group '" + match.group()
                        + "' must be a VOMS group such as /atlas/atlaswork (no Role= or Capability=)");
            }
            if (match.vo() != null && !parsed.get().vo().equals(match.vo())) {
                throw problem(index, name, "match.group '" + match.group() + "' is not in match.vo '"
                        + match.vo() + "', so the rule could never match");
            }
            group = Optional.of(parsed.get().group());
        }
        if (match.role() != null && (match.role().isBlank() || match.role().contains("/")
                || match.role().contains("=") || match.role().equals("NULL"))) {
            throw problem(index, name, "match.role '" + match.role()
                    + "' must be a role name such as production (leave it out to match any role or none)");
        }
        return new RequesterMatch(dn, Optional.ofNullable(match.vo()), group, Optional.ofNullable(match.role()));
    }

    private Set<Activity> compileActivities(int index, String name, List<Activity> written)
            throws PolicyException {
        if (written == null || written.isEmpty() || written.contains(null)) {
            throw problem(index, name, "allow.activities must list at least one activity, and no empty ones");
        }
        return EnumSet.copyOf(written);
    }

    private List<PathTemplate> compilePaths(int index, String name, List<String> written) throws PolicyException {
        if (written == null || written.isEmpty()) {
            throw problem(index, name, "allow.paths must list at least one path");
        }
        List<PathTemplate> paths = new ArrayList<>();
        for (String path : written) {
            if (path == null) {
                throw problem(index, name, "allow.paths holds an empty path");
            }
            String withoutPlaceholder = path.replace(PathTemplate.USERNAME, "user");
            if (withoutPlaceholder.contains("${")) {
                throw problem(index, name, "path '" + path + "' uses a placeholder other than "
                        + PathTemplate.USERNAME);
            }
            if (StoragePaths.normalise(withoutPlaceholder).isEmpty()) {
                throw problem(index, name, "path '" + path
                        + "' must be absolute and must not contain '.' or '..' segments");
            }
            paths.add(new PathTemplate(path));
        }
        return paths;
    }

    private PolicyException problem(int index, String name, String what) {
        String rule = name == null ? "rule #" + (index + 1) : "rule '" + name + "'";
        return new PolicyException(source + lines.describeRule(index) + ": " + rule + ": " + what);
    }

    private static Duration orElse(Duration value, Duration fallback) {
        return value != null ? value : fallback;
    }
}
