package org.gridgate.caveat.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.gridgate.caveat.policy.Requesters.CE_DN;
import static org.gridgate.caveat.policy.Requesters.USER_DN;

import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import org.gridgate.caveat.Activity;
import org.gridgate.caveat.MintingPolicy;
import org.gridgate.caveat.PolicyException;
import org.gridgate.caveat.PolicyRule;
import org.gridgate.caveat.Requester;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RuleMatchingTest {

    @TempDir
    Path dir;

    /** A one-rule policy whose {@code match} block is {@code matchYaml} (indented for the rule). */
    private MintingPolicy matching(String matchYaml) throws PolicyException {
        return PolicyFiles.load(dir, """
                rules:
                  - name: only
                    match:
                %s
                    allow: {activities: [DOWNLOAD], paths: [/data]}
                """.formatted(matchYaml.indent(6).stripTrailing()));
    }

    private static Optional<String> ruleName(MintingPolicy policy, Requester requester) {
        return policy.ruleFor(requester).map(PolicyRule::name);
    }

    @Test
    void ruleWithoutMatchAppliesToAnyone() throws PolicyException {
        MintingPolicy policy = PolicyFiles.load(dir, """
                rules:
                  - name: anyone
                    allow: {activities: [DOWNLOAD], paths: [/public]}
                """);

        assertThat(ruleName(policy, Requesters.dn(USER_DN))).contains("anyone");
    }

    @Test
    void exactDnMatchesThatDnOnly() throws PolicyException {
        MintingPolicy policy = matching("dn: \"" + CE_DN + "\"");

        assertThat(ruleName(policy, Requesters.dn(CE_DN))).contains("only");
        assertThat(ruleName(policy, Requesters.dn(CE_DN + "/CN=proxy-looking"))).isEmpty();
        assertThat(ruleName(policy, Requesters.dn(USER_DN))).isEmpty();
    }

    @Test
    void dnStarMatchesWithinOneRdnOnly() throws PolicyException {
        MintingPolicy policy = matching("dn: \"/DC=ch/DC=cern/OU=computers/CN=*.example.org\"");

        assertThat(ruleName(policy, Requesters.dn(CE_DN))).contains("only");
        assertThat(ruleName(policy, Requesters.dn("/DC=ch/DC=cern/OU=computers/CN=x/CN=evil.example.org")))
                .isEmpty();
    }

    @Test
    void dnDoubleStarMatchesAcrossRdns() throws PolicyException {
        MintingPolicy policy = matching("dn: \"/DC=ch/DC=cern/**\"");

        assertThat(ruleName(policy, Requesters.dn("/DC=ch/DC=cern/OU=Users/CN=jdoe/CN=123/CN=Jane"))).contains("only");
        assertThat(ruleName(policy, Requesters.dn("/DC=org/DC=cern/CN=x"))).isEmpty();
    }

    @Test
    void voMatchesWhenAnyVerifiedFqanIsInThatVo() throws PolicyException {
        MintingPolicy policy = matching("vo: atlas");

        assertThat(ruleName(policy, Requesters.withFqans(USER_DN, "/dteam/Role=NULL", "/atlas/higgs/Role=NULL")))
                .contains("only");
        assertThat(ruleName(policy, Requesters.withFqans(USER_DN, "/atlasx/Role=NULL"))).isEmpty();
        assertThat(ruleName(policy, Requesters.dn(USER_DN))).isEmpty();
    }

    @Test
    void groupMatchesThatExactGroupNotItsParentNorSubgroups() throws PolicyException {
        MintingPolicy policy = matching("group: /atlas/atlaswork");

        assertThat(ruleName(policy, Requesters.withFqans(USER_DN, "/atlas/atlaswork/Role=NULL/Capability=NULL")))
                .contains("only");
        assertThat(ruleName(policy, Requesters.withFqans(USER_DN, "/atlas/Role=NULL"))).isEmpty();
        assertThat(ruleName(policy, Requesters.withFqans(USER_DN, "/atlas/atlaswork/sub/Role=NULL"))).isEmpty();
    }

    @Test
    void roleMatchesAnFqanHoldingThatRole() throws PolicyException {
        MintingPolicy policy = matching("role: production");

        assertThat(ruleName(policy, Requesters.withFqans(USER_DN, "/atlas/Role=production/Capability=NULL")))
                .contains("only");
        assertThat(ruleName(policy, Requesters.withFqans(USER_DN, "/atlas/Role=pilot"))).isEmpty();
    }

    @Test
    void roleNullInAnFqanMeansNoRole() throws PolicyException {
        MintingPolicy policy = matching("role: production");

        assertThat(ruleName(policy, Requesters.withFqans(USER_DN, "/atlas/Role=NULL/Capability=NULL"))).isEmpty();
    }

    @Test
    void groupAndRoleMustHoldInTheSameFqan() throws PolicyException {
        MintingPolicy policy = matching("group: /atlas/atlaswork\nrole: production");

        assertThat(ruleName(policy, Requesters.withFqans(USER_DN, "/atlas/Role=production", "/atlas/atlaswork")))
                .isEmpty();
        assertThat(ruleName(policy, Requesters.withFqans(USER_DN, "/atlas/atlaswork/Role=production")))
                .contains("only");
    }

    @Test
    void everyPresentConditionMustHold() throws PolicyException {
        MintingPolicy policy = matching("dn: \"" + CE_DN + "\"\nvo: atlas");

        assertThat(ruleName(policy, Requesters.withFqans(CE_DN, "/atlas"))).contains("only");
        assertThat(ruleName(policy, Requesters.withFqans(CE_DN, "/cms"))).isEmpty();
        assertThat(ruleName(policy, Requesters.withFqans(USER_DN, "/atlas"))).isEmpty();
    }

    @Test
    void malformedFqanMatchesNothing() throws PolicyException {
        MintingPolicy policy = matching("vo: atlas");

        assertThat(ruleName(policy, Requesters.withFqans(USER_DN, "atlas/Role=NULL"))).isEmpty();
        assertThat(ruleName(policy, Requesters.withFqans(USER_DN, "/atlas//Role=NULL"))).isEmpty();
    }

    @Test
    void firstMatchingRuleWins() throws PolicyException {
        MintingPolicy policy = PolicyFiles.load(dir, """
                rules:
                  - name: production
                    match: {vo: atlas, role: production}
                    allow: {activities: [UPLOAD], paths: [/atlas/prod]}
                  - name: atlas
                    match: {vo: atlas}
                    allow: {activities: [DOWNLOAD], paths: [/atlas]}
                """);

        assertThat(ruleName(policy, Requesters.withFqans(USER_DN, "/atlas/Role=production"))).contains("production");
        assertThat(ruleName(policy, Requesters.withFqans(USER_DN, "/atlas/Role=NULL"))).contains("atlas");
    }

    @Test
    void noMatchingRuleMeansNoRights() throws PolicyException {
        MintingPolicy policy = matching("vo: atlas");

        assertThat(policy.ruleFor(Requesters.withFqans(USER_DN, "/cms"))).isEmpty();
        assertThat(policy.permitsDirect(Requesters.withFqans(USER_DN, "/cms"), Activity.LIST, "/")).isFalse();
    }

    @Test
    void emptyRuleListDeniesEveryone() throws PolicyException {
        MintingPolicy policy = PolicyFiles.load(dir, "rules: []\n");

        assertThat(policy.ruleFor(Requesters.dn(USER_DN))).isEmpty();
    }

    @Test
    void usernamePlaceholderIsFilledInForTheRequester() throws PolicyException {
        MintingPolicy policy = PolicyFiles.load(dir, """
                rules:
                  - name: home
                    allow: {activities: [UPLOAD], paths: ["/home/${username}/", "/scratch/u-${username}"]}
                """);

        assertThat(policy.ruleFor(Requesters.withUsername(USER_DN, "jdoe")).orElseThrow().pathPrefixes())
                .containsExactly("/home/jdoe", "/scratch/u-jdoe");
    }

    @Test
    void ruleUsingUsernameIsSkippedForRequesterWithoutOne() throws PolicyException {
        MintingPolicy policy = PolicyFiles.load(dir, """
                rules:
                  - name: home
                    allow: {activities: [UPLOAD], paths: ["/home/${username}"]}
                  - name: public
                    allow: {activities: [DOWNLOAD], paths: [/public]}
                """);

        assertThat(ruleName(policy, Requesters.dn(USER_DN))).contains("public");
    }

    @Test
    void usernameThatWouldChangeThePathsShapeCountsAsNoUsername() throws PolicyException {
        MintingPolicy policy = PolicyFiles.load(dir, """
                rules:
                  - name: home
                    allow: {activities: [UPLOAD], paths: ["/home/${username}"]}
                """);

        assertThat(ruleName(policy, Requesters.withUsername(USER_DN, ".."))).isEmpty();
        assertThat(ruleName(policy, Requesters.withUsername(USER_DN, "a/b"))).isEmpty();
        assertThat(ruleName(policy, Requesters.withUsername(USER_DN, ""))).isEmpty();
    }

    @Test
    void pathsLoseTheirTrailingSlashButRootStaysRoot() throws PolicyException {
        MintingPolicy policy = PolicyFiles.load(dir, """
                rules:
                  - name: two
                    allow: {activities: [LIST], paths: [/atlas/atlaswork/, /]}
                """);

        assertThat(policy.ruleFor(Requesters.dn(USER_DN)).orElseThrow().pathPrefixes())
                .containsExactly("/atlas/atlaswork", "/");
    }

    @Test
    void lifetimesFallBackToDefaultsSectionThenToSevenAndOneDays() throws PolicyException {
        MintingPolicy withDefaults = PolicyFiles.load(dir, """
                defaults: {max-validity: PT48H, default-validity: PT6H}
                rules:
                  - name: r
                    allow: {activities: [LIST], paths: [/]}
                """);
        PolicyRule inherited = withDefaults.ruleFor(Requesters.dn(USER_DN)).orElseThrow();
        MintingPolicy withoutDefaults = PolicyFiles.load(dir, """
                rules:
                  - name: r
                    allow: {activities: [LIST], paths: [/]}
                """);
        PolicyRule builtIn = withoutDefaults.ruleFor(Requesters.dn(USER_DN)).orElseThrow();

        assertThat(List.of(inherited.maxValidity(), inherited.defaultValidity()))
                .containsExactly(Duration.ofHours(48), Duration.ofHours(6));
        assertThat(List.of(builtIn.maxValidity(), builtIn.defaultValidity()))
                .containsExactly(Duration.ofDays(7), Duration.ofDays(1));
    }

    @Test
    void inheritedDefaultLifetimeShrinksToARulesShorterMaximum() throws PolicyException {
        MintingPolicy policy = PolicyFiles.load(dir, """
                rules:
                  - name: short
                    allow: {activities: [LIST], paths: [/], max-validity: PT1H}
                """);

        assertThat(policy.ruleFor(Requesters.dn(USER_DN)).orElseThrow().defaultValidity())
                .isEqualTo(Duration.ofHours(1));
    }

    @Test
    void permissiveDevLetsAnyoneDoAnythingAnywhereForUpToSevenDays() {
        PolicyRule rule = MintingPolicy.permissiveDev().ruleFor(Requesters.dn(USER_DN)).orElseThrow();

        assertThat(rule).isEqualTo(new PolicyRule("dev-permissive", EnumSet.allOf(Activity.class), List.of("/"),
                Duration.ofDays(7), Duration.ofDays(1), List.of()));
    }
}
