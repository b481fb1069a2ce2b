package org.gridgate.caveat.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.gridgate.caveat.policy.Requesters.CE_DN;
import static org.gridgate.caveat.policy.Requesters.USER_DN;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.gridgate.caveat.Activity;
import org.gridgate.caveat.MintingPolicy;
import org.gridgate.caveat.PolicyException;
import org.gridgate.caveat.PolicyRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The worked example in POLICY.md: the ATLAS@Work ARC CE minting upload macaroons for volunteer desktops. */
class AtlasWorkPolicyTest {

    private static final String CE_FQAN = "/atlas/atlaswork/Role=production/Capability=NULL";
    private static MintingPolicy policy;

    @BeforeAll
    static void loadExample() throws PolicyException {
        policy = MintingPolicy.load(PolicyFiles.resource("atlaswork.yaml"));
    }

    @Test
    void arcCeMayMintUploadUnderAtlasWorkForUpToSevenDaysFromTheDesktopRanges() {
        PolicyRule rule = policy.ruleFor(Requesters.withFqans(CE_DN, "/atlas/Role=NULL", CE_FQAN)).orElseThrow();

        assertThat(rule).isEqualTo(new PolicyRule("atlaswork-arc-ce", Set.of(Activity.UPLOAD),
                List.of("/atlas/atlaswork"), Duration.ofDays(7), Duration.ofDays(1),
                List.of("ip:192.0.2.0/24,2001:db8::/32")));
    }

    @Test
    void arcCeWithoutTheProductionRoleFallsThroughToTheUserRuleAndGetsNoAtlasWorkUpload() {
        var requester = Requesters.withUsername(CE_DN, "atlasprd", "/atlas/atlaswork/Role=NULL");

        PolicyRule rule = policy.ruleFor(requester).orElseThrow();

        assertThat(rule.name()).isEqualTo("atlas-user-scratch");
        assertThat(policy.permitsDirect(requester, Activity.UPLOAD, "/atlas/atlaswork/job.root")).isFalse();
    }

    @Test
    void atlasUserGetsTheirOwnScratchDirectoryWithTheDefaultsLifetimes() {
        PolicyRule rule = policy.ruleFor(Requesters.withUsername(USER_DN, "jdoe", "/atlas/Role=NULL")).orElseThrow();

        assertThat(rule.pathPrefixes()).containsExactly("/atlas/scratch/jdoe");
        assertThat(rule.maxValidity()).isEqualTo(Duration.ofDays(1));
        assertThat(rule.defaultValidity()).isEqualTo(Duration.ofHours(12));
    }

    @Test
    void cmsUserGetsNothing() {
        assertThat(policy.ruleFor(Requesters.withUsername(USER_DN, "jdoe", "/cms/Role=NULL"))).isEmpty();
    }
}
