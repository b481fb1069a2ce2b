package org.gridgate.caveat.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.assertj.core.api.AbstractThrowableAssert;
import org.gridgate.caveat.MintingPolicy;
import org.gridgate.caveat.PolicyException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A policy file the admin probably did not mean is refused at start-up, with the line and the rule named. */
class PolicyLoadValidationTest {

    @TempDir
    Path dir;

    private AbstractThrowableAssert<?, ? extends Throwable> loading(String yaml) {
        return assertThatThrownBy(() -> PolicyFiles.load(dir, yaml)).isInstanceOf(PolicyException.class);
    }

    /** A valid file's single rule with {@code allow} replaced, for errors inside {@code allow}. */
    private static String ruleAllowing(String allowYaml) {
        return """
                rules:
                  - name: ok
                    allow: {activities: [LIST], paths: [/]}
                  - name: broken
                    allow: %s
                """.formatted(allowYaml);
    }

    @Test
    void unknownKeyIsRefusedWithItsLineAndRule() {
        loading("""
                rules:
                  - name: typo
                    allow:
                      activities: [LIST]
                      paths: [/]
                      max_validity: P1D
                """).hasMessageContaining("line 6").hasMessageContaining("rule 'typo'")
                .hasMessageContaining("unknown key 'max_validity'").hasMessageContaining("max-validity");
    }

    @Test
    void unknownTopLevelKeyIsRefused() {
        loading("rules: []\nrulez: []\n").hasMessageContaining("line 2").hasMessageContaining("unknown key 'rulez'");
    }

    @Test
    void unknownActivityIsRefusedWithTheKnownOnes() {
        loading(ruleAllowing("{activities: [UPLAOD], paths: [/]}"))
                .hasMessageContaining("line 5").hasMessageContaining("rule 'broken'")
                .hasMessageContaining("unknown activity 'UPLAOD'").hasMessageContaining("READ_METADATA");
    }

    @Test
    void activityGivenAsANumberIsRefused() {
        loading(ruleAllowing("{activities: [3], paths: [/]}")).hasMessageContaining("rule 'broken'");
    }

    @Test
    void unparsableDurationIsRefused() {
        loading(ruleAllowing("{activities: [LIST], paths: [/], max-validity: 7 days}"))
                .hasMessageContaining("rule 'broken'").hasMessageContaining("ISO-8601");
    }

    @Test
    void bareNumberDurationIsRefused() {
        loading(ruleAllowing("{activities: [LIST], paths: [/], max-validity: 7}"))
                .hasMessageContaining("ISO-8601");
    }

    @Test
    void zeroDurationIsRefused() {
        loading(ruleAllowing("{activities: [LIST], paths: [/], max-validity: PT0S}"))
                .hasMessageContaining("must be positive");
    }

    @Test
    void defaultValidityBeyondMaxValidityIsRefused() {
        loading(ruleAllowing("{activities: [LIST], paths: [/], max-validity: P1D, default-validity: P2D}"))
                .hasMessageContaining("line 4").hasMessageContaining("rule 'broken'")
                .hasMessageContaining("default-validity P2D exceeds max-validity P1D");
    }

    @Test
    void defaultsWhoseDefaultExceedsTheirMaxAreRefused() {
        loading("defaults: {max-validity: PT1H, default-validity: P1D}\nrules: []\n")
                .hasMessageContaining("line 1: defaults").hasMessageContaining("exceeds max-validity");
    }

    @Test
    void relativePathIsRefused() {
        loading(ruleAllowing("{activities: [LIST], paths: [atlas/data]}"))
                .hasMessageContaining("rule 'broken'").hasMessageContaining("must be absolute");
    }

    @Test
    void pathClimbingWithDotDotIsRefused() {
        loading(ruleAllowing("{activities: [LIST], paths: [/atlas/../cms]}")).hasMessageContaining("'..'");
    }

    @Test
    void placeholderOtherThanUsernameIsRefused() {
        loading(ruleAllowing("{activities: [LIST], paths: [\"/home/${uid}\"]}"))
                .hasMessageContaining("placeholder");
    }

    @Test
    void ruleWithoutActivitiesIsRefused() {
        loading(ruleAllowing("{activities: [], paths: [/]}")).hasMessageContaining("allow.activities");
    }

    @Test
    void ruleWithoutPathsIsRefused() {
        loading(ruleAllowing("{activities: [LIST], paths: []}")).hasMessageContaining("allow.paths");
    }

    @Test
    void ruleWithoutAllowIsRefused() {
        loading("rules:\n  - name: nothing\n").hasMessageContaining("allow");
    }

    @Test
    void emptyRuleNameIsRefused() {
        loading("rules:\n  - name: \"  \"\n    allow: {activities: [LIST], paths: [/]}\n")
                .hasMessageContaining("rule #1").hasMessageContaining("name must not be empty");
    }

    @Test
    void missingRuleNameIsRefused() {
        loading("rules:\n  - allow: {activities: [LIST], paths: [/]}\n")
                .hasMessageContaining("missing required key 'name'");
    }

    @Test
    void duplicateRuleNamesAreRefused() {
        loading("""
                rules:
                  - name: same
                    allow: {activities: [LIST], paths: [/]}
                  - name: same
                    allow: {activities: [DOWNLOAD], paths: [/]}
                """).hasMessageContaining("line 4").hasMessageContaining("already used by rule #1 (line 2)");
    }

    @Test
    void repeatedKeyIsRefused() {
        loading("rules:\n  - name: a\n    name: b\n    allow: {activities: [LIST], paths: [/]}\n")
                .hasMessageContaining("line 3");
    }

    @Test
    void groupOutsideTheRulesVoIsRefusedBecauseItCouldNeverMatch() {
        loading("""
                rules:
                  - name: never
                    match: {vo: cms, group: /atlas/atlaswork}
                    allow: {activities: [LIST], paths: [/]}
                """).hasMessageContaining("rule 'never'").hasMessageContaining("could never match");
    }

    @Test
    void groupWrittenAsFqanIsRefused() {
        loading("""
                rules:
                  - name: fqan
                    match: {group: /atlas/Role=production}
                    allow: {activities: [LIST], paths: [/]}
                """).hasMessageContaining("match.group");
    }

    @Test
    void roleNullIsRefusedBecauseLeavingRoleOutSaysThat() {
        loading("""
                rules:
                  - name: null-role
                    match: {role: NULL}
                    allow: {activities: [LIST], paths: [/]}
                """).hasMessageContaining("match.role");
    }

    @Test
    void dnNotInSlashFormIsRefused() {
        loading("""
                rules:
                  - name: rfc2253
                    match: {dn: "CN=host.example.org,DC=example,DC=org"}
                    allow: {activities: [LIST], paths: [/]}
                """).hasMessageContaining("slash form");
    }

    @Test
    void ipCaveatThatIsNotACidrIsRefused() {
        loading("""
                rules:
                  - name: desktops
                    allow: {activities: [UPLOAD], paths: [/]}
                    add-caveats: ["ip:192.0.2.0/33"]
                """).hasMessageContaining("rule 'desktops'").hasMessageContaining("'192.0.2.0/33'");
    }

    @Test
    void explicitNullIsRefusedSoThatRoleNullCannotMeanAnyRole() {
        loading("""
                rules:
                  - name: yaml-null
                    match: {vo: atlas, role: ~}
                    allow: {activities: [LIST], paths: [/]}
                """).hasMessageContaining("rule 'yaml-null'").hasMessageContaining("role");
    }

    @Test
    void caveatWithoutALabelIsRefused() {
        loading("""
                rules:
                  - name: bare
                    allow: {activities: [UPLOAD], paths: [/]}
                    add-caveats: ["192.0.2.0/24"]
                """).hasMessageContaining("label:value");
    }

    @Test
    void malformedYamlIsRefusedWithItsLine() {
        loading("rules:\n  - name: [unclosed\n").hasMessageContaining("malformed YAML");
    }

    @Test
    void emptyFileIsRefused() {
        loading("").hasMessageContaining("empty");
    }

    @Test
    void fileWithoutRulesIsRefused() {
        loading("defaults: {max-validity: P1D}\n").hasMessageContaining("rules");
    }

    @Test
    void unreadableFileIsRefused() {
        assertThatThrownBy(() -> MintingPolicy.load(dir.resolve("missing.yaml")))
                .isInstanceOf(PolicyException.class).hasMessageContaining("cannot read policy file");
    }

    @Test
    void ruleMatchingAnyoneIsAccepted() throws PolicyException {
        MintingPolicy policy = PolicyFiles.load(dir, "rules:\n  - name: all\n    match: {}\n"
                + "    allow: {activities: [LIST], paths: [/]}\n");

        assertThat(policy.ruleFor(Requesters.dn(Requesters.USER_DN))).isPresent();
    }
}
