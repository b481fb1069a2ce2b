package org.gridgate.caveat.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.gridgate.caveat.policy.Requesters.CE_DN;
import static org.gridgate.caveat.policy.Requesters.USER_DN;

import org.gridgate.caveat.Activity;
import org.gridgate.caveat.MintingPolicy;
import org.gridgate.caveat.PolicyException;
import org.gridgate.caveat.Requester;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What {@code gateway.jar policy check} prints, on the ATLAS@Work example policy. */
class ExplainTest {

    private static final Requester CE =
            Requesters.withFqans(CE_DN, "/atlas/atlaswork/Role=production/Capability=NULL");
    private static MintingPolicy policy;

    @BeforeAll
    static void loadExample() throws PolicyException {
        policy = MintingPolicy.load(PolicyFiles.resource("atlaswork.yaml"));
    }

    @Test
    void namesTheDecidingRuleItsLifetimesAndAddedCaveats() {
        String text = policy.explain(CE, "/atlas/atlaswork/job1", Activity.UPLOAD);

        assertThat(text).contains("rule 'atlaswork-arc-ce' (#1 of 2) decides")
                .contains("mint UPLOAD for /atlas/atlaswork/job1: allowed")
                .contains("validity: max P7D, default P1D")
                .contains("added caveats: [ip:192.0.2.0/24,2001:db8::/32]");
    }

    @Test
    void saysWhyAnActivityTheRuleLacksIsRefused() {
        assertThat(policy.explain(CE, "/atlas/atlaswork/job1", Activity.DELETE))
                .contains("mint DELETE for /atlas/atlaswork/job1: REFUSED: the rule does not allow DELETE");
    }

    @Test
    void saysWhyAPathOutsideTheRuleIsRefused() {
        assertThat(policy.explain(CE, "/atlas/atlasworkshop", Activity.UPLOAD))
                .contains("REFUSED: the path is not within any of the rule's paths [/atlas/atlaswork]");
    }

    @Test
    void saysWhyEachRuleWasSkippedAndThatNoRuleMeansRefusal() {
        String text = policy.explain(Requesters.withFqans(USER_DN, "/atlas/Role=NULL"), "/atlas", Activity.LIST);

        assertThat(text).contains("rule 'atlaswork-arc-ce' skipped: DN does not match")
                .contains("rule 'atlas-user-scratch' skipped: its paths use ${username}")
                .contains("no rule matches: minting and direct access are refused (deny by default)");
    }
}
