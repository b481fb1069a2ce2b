package org.gridgate.gateway.tpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RemotePolicyTest {

    /** The door host's own address in these tests; a documentation address, so nothing else treats it specially. */
    private static final String OWN = "198.51.100.7";

    private static RemotePolicy policy(boolean enabled, List<String> allow, List<String> deny) {
        Predicate<InetAddress> own = address -> address.getHostAddress().equals(OWN);
        return new RemotePolicy(enabled, allow.stream().map(RemoteRule::parse).toList(),
                deny.stream().map(RemoteRule::parse).toList(), new DefaultDenials(own));
    }

    private static RemotePolicy defaults() {
        return policy(true, List.of(), List.of());
    }

    private static List<InetAddress> addresses(String... literals) {
        return Arrays.stream(literals).map(literal -> {
            try {
                return InetAddress.getByName(literal);
            } catch (Exception e) {
                throw new IllegalArgumentException(e);
            }
        }).toList();
    }

    private static void assertRefused(RemotePolicy policy, String host, String... literals) {
        assertThatThrownBy(() -> policy.check(host, addresses(literals)))
                .isInstanceOf(RemoteRefusedException.class)
                .hasMessage("third-party copy to " + host + " is not allowed by the door's policy");
    }

    private static void assertAdmitted(RemotePolicy policy, String host, String... literals) {
        assertThatCode(() -> policy.check(host, addresses(literals))).doesNotThrowAnyException();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "127.0.0.1", "127.8.9.10", "::1", // loopback
        "0.0.0.0", "0.1.2.3", "::", // unspecified: connecting to 0.0.0.0 reaches local listeners on Linux
        "169.254.169.254", "169.254.0.1", "fe80::1", // link-local: cloud metadata services
        "10.1.2.3", "172.16.0.1", "172.31.255.254", "192.168.1.1", "fec0::1", // private
        "fd00:ec2::254", "fc00::1", // unique local (AWS's IPv6 metadata address among them)
        "100.64.0.1", "100.100.100.200", // carrier-grade NAT space, where one cloud's metadata service lives
        "224.0.0.1", "ff02::1", // multicast
        "240.0.0.1", "255.255.255.255", // reserved, broadcast
        "::ffff:127.0.0.1", "::ffff:10.0.0.1", // IPv4-mapped: the JDK makes them IPv4
        "64:ff9b::a01:203", "64:ff9b::7f00:1", // NAT64 of 10.1.2.3 and 127.0.0.1
        "2002:a9fe:a9fe::1", // 6to4 of 169.254.169.254
        "::a01:203", // IPv4-compatible 10.1.2.3
        OWN, // the door host itself
    })
    void byDefaultNothingButPublicAddressesOfOtherHostsIsReached(String address) {
        assertRefused(defaults(), address, address);
    }

    @ParameterizedTest
    @ValueSource(strings = {"192.0.2.10", "203.0.113.5", "8.8.8.8", "2001:db8::1", "64:ff9b::808:808",
        "172.32.0.1", "100.128.0.1"})
    void publicAddressesAreReachedByDefault(String address) {
        assertAdmitted(defaults(), "storage.example.org", address);
    }

    @Test
    void aHostIsRefusedIfAnyOfItsAddressesIs() {
        assertRefused(defaults(), "multi.example.org", "192.0.2.10", "127.0.0.1");
        assertRefused(defaults(), "multi.example.org", "10.0.0.1", "192.0.2.10");
    }

    @Test
    void theLogSaysWhichAddressAndWhy() {
        assertThatThrownBy(() -> defaults().check("meta.example.org", addresses("192.0.2.10", "169.254.169.254")))
                .isInstanceOfSatisfying(RemoteRefusedException.class, refused -> assertThat(refused.logDetail())
                        .contains("meta.example.org", "169.254.169.254", "link-local"));
    }

    @Test
    void allowLiftsTheDefaultsForItsRangeOnly() {
        RemotePolicy policy = policy(true, List.of("10.0.0.0/8", "::1"), List.of());
        assertAdmitted(policy, "se.site.internal", "10.1.2.3");
        assertAdmitted(policy, "localhost", "::1");
        assertRefused(policy, "se.site.internal", "192.168.1.1");
        assertRefused(policy, "localhost", "127.0.0.1");
    }

    @Test
    void allowByNameLiftsTheDefaultsForWhatThatNameResolvesTo() {
        RemotePolicy policy = policy(true, List.of("se.site.internal", "*.pool.site.internal"), List.of());
        assertAdmitted(policy, "se.site.internal", "10.1.2.3");
        assertAdmitted(policy, "p1.pool.site.internal", "10.1.2.4");
        assertRefused(policy, "other.site.internal", "10.1.2.3");
    }

    @Test
    void denyBeatsAllowWhereBothMatch() {
        RemotePolicy policy = policy(true, List.of("10.0.0.0/8", "*.example.org"),
                List.of("10.1.2.3", "bad.example.org"));
        assertRefused(policy, "se.site.internal", "10.1.2.3");
        assertAdmitted(policy, "se.site.internal", "10.1.2.4");
        assertRefused(policy, "bad.example.org", "10.1.2.4");
        assertAdmitted(policy, "good.example.org", "10.1.2.4");
    }

    @Test
    void denyAlsoRefusesPublicHostsAndRanges() {
        RemotePolicy policy = policy(true, List.of(), List.of("203.0.113.0/24", "*.evil.example"));
        assertRefused(policy, "storage.example.org", "203.0.113.5");
        assertRefused(policy, "storage.example.org", "64:ff9b::cb00:7105"); // NAT64 of 203.0.113.5
        assertRefused(policy, "a.evil.example", "192.0.2.10");
        assertAdmitted(policy, "storage.example.org", "192.0.2.10");
    }

    @Test
    void aDeniedNameIsRefusedBeforeItIsLookedUp() {
        RemotePolicy policy = policy(true, List.of(), List.of("*.evil.example"));
        assertThatThrownBy(() -> policy.checkName("x.evil.example")).isInstanceOf(RemoteRefusedException.class);
        assertThatCode(() -> policy.checkName("x.good.example")).doesNotThrowAnyException();
    }

    @Test
    void aDisabledPolicyRefusesEveryRemote() {
        RemotePolicy policy = policy(false, List.of("192.0.2.0/24"), List.of());
        assertThatThrownBy(() -> policy.check("storage.example.org", addresses("192.0.2.10")))
                .isInstanceOf(RemoteRefusedException.class)
                .hasMessage("third-party copy is disabled at this door");
    }

    @Test
    void theDoorHostsOwnAddressesAreFoundOnItsInterfaces() throws Exception {
        Optional<InetAddress> own = NetworkInterface.networkInterfaces()
                .flatMap(NetworkInterface::inetAddresses)
                .filter(address -> address instanceof Inet4Address && !address.isLoopbackAddress()
                        && !address.isLinkLocalAddress())
                .findFirst();
        assumeThat(own).as("a non-loopback IPv4 address on this host").isPresent();
        String literal = own.get().getHostAddress();
        assertRefused(RemotePolicy.defaults(), literal, literal);
        assertThat(new DefaultDenials().reason(own.get())).isPresent();
    }

    @Test
    void configurationErrorsNameTheListAndTheEntry() {
        assertThatThrownBy(() -> RemotePolicy.of(true, List.of("10.0.0.0/8"), List.of("10.0.0.0/33")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("deny: '10.0.0.0/33'");
        assertThatThrownBy(() -> RemotePolicy.of(true, List.of("*"), List.of()))
                .hasMessageStartingWith("allow: '*'");
    }
}
