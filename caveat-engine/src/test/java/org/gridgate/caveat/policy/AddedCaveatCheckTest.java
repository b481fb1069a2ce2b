package org.gridgate.caveat.policy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AddedCaveatCheckTest {

    @Test
    void ipCaveatWithIpv4AndIpv6RangesIsSane() {
        assertThat(AddedCaveatCheck.problem("ip:192.0.2.0/24,2001:db8::/32,198.51.100.7")).isEmpty();
    }

    @Test
    void ipCaveatWithAnythingButAddressesOrRangesIsRefused() {
        assertThat(AddedCaveatCheck.problem("ip:192.0.2.0/33")).isPresent();
        assertThat(AddedCaveatCheck.problem("ip:256.0.0.0/8")).isPresent();
        assertThat(AddedCaveatCheck.problem("ip:2001:db8::/129")).isPresent();
        assertThat(AddedCaveatCheck.problem("ip:example.org")).isPresent();
        assertThat(AddedCaveatCheck.problem("ip:192.0.2.0/24,")).isPresent();
        assertThat(AddedCaveatCheck.problem("ip:2001:db8:::1")).isPresent();
    }

    /** The verifier refuses these, so every macaroon the rule minted would be unusable: refused at start-up. */
    @Test
    void ipCaveatWithWhatTheVerifierWouldRefuseIsRefused() {
        assertThat(AddedCaveatCheck.problem("ip:010.0.0.1")).isPresent();
        assertThat(AddedCaveatCheck.problem("ip:10.0.0.0/\u0668")).isPresent();
        assertThat(AddedCaveatCheck.problem("ip:::ffff:10.0.0.0/64")).isPresent();
    }

    @Test
    void otherCaveatsNeedOnlyALabelAndAValue() {
        assertThat(AddedCaveatCheck.problem("max-upload:1073741824")).isEmpty();
        assertThat(AddedCaveatCheck.problem(":value")).isPresent();
        assertThat(AddedCaveatCheck.problem("path:")).isPresent();
    }
}
