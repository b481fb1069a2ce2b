package org.gridgate.gateway.tpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RemoteRuleTest {

    private static InetAddress ip(String literal) throws Exception {
        return InetAddress.getByName(literal);
    }

    private static boolean matches(String rule, String host, String address) throws Exception {
        return RemoteRule.parse(rule).matches(host, ip(address));
    }

    @Test
    void aHostNameMatchesThatHostOnlyWhateverItsCaseOrTrailingDot() throws Exception {
        assertThat(matches("se.example.org", "SE.Example.ORG.", "192.0.2.1")).isTrue();
        assertThat(matches("se.example.org", "x.se.example.org", "192.0.2.1")).isFalse();
        assertThat(matches("se.example.org", "example.org", "192.0.2.1")).isFalse();
    }

    @Test
    void aWildcardMatchesEveryHostBelowTheDomainButNotTheDomainItself() throws Exception {
        assertThat(matches("*.example.org", "a.example.org", "192.0.2.1")).isTrue();
        assertThat(matches("*.example.org", "a.b.example.org", "192.0.2.1")).isTrue();
        assertThat(matches("*.example.org", "example.org", "192.0.2.1")).isFalse();
        assertThat(matches("*.example.org", "badexample.org", "192.0.2.1")).isFalse();
    }

    @Test
    void aHostNameRuleIgnoresTheAddressAndARangeIgnoresTheName() throws Exception {
        assertThat(matches("localhost", "localhost", "192.0.2.1")).isTrue();
        assertThat(matches("127.0.0.0/8", "public.example.org", "127.0.0.1")).isTrue();
        assertThat(matches("127.0.0.0/8", "127.0.0.1", "192.0.2.1")).isFalse();
    }

    @ParameterizedTest
    @CsvSource({
        "10.0.0.0/8, 10.255.1.2, true",
        "10.0.0.0/8, 11.0.0.1, false",
        "192.0.2.7, 192.0.2.7, true",
        "192.0.2.7, 192.0.2.8, false",
        "0.0.0.0/0, 203.0.113.9, true",
        "0.0.0.0/0, 2001:db8::1, false",
        "2001:db8::/32, 2001:db8:ffff::1, true",
        "2001:db8::/32, 2001:db9::1, false",
        "::1, ::1, true",
        "[::1], ::1, true",
        "::ffff:10.0.0.0/104, 10.9.8.7, true",
        "fc00::/7, fd00:ec2::254, true",
    })
    void addressRangesContainTheirAddresses(String rule, String address, boolean contained) throws Exception {
        assertThat(matches(rule, "host.example.org", address)).isEqualTo(contained);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "10.0.0.0/33 | prefix length beyond 32",
        "::/129 | prefix length beyond 128",
        "10.0.0.0/ | bad prefix length",
        "10.0.0.0/-1 | bad prefix length",
        "10.0.0.0/x | bad prefix length",
        "10.0.0.1/8 | did you mean 10.0.0.0/8?",
        "10.0.0.256 | not an IP address",
        "10.0.0.0/\u0668 | bad prefix length",
        "\u0661\u0660.0.0.1 | not an IP address",
        "010.0.0.1 | not an IP address",
        "10.0.0 | not an IP address",
        "1.2.3.4.5 | not an IP address",
        "fe80::1%eth0 | not an IP address",
        "2001:db8::g | not an IP address",
        "::ffff:10.0.0.0/64 | at least 96",
        "* | not a host name",
        "a.*.example.org | not a host name",
        "exa mple.org | not a host name",
        "https://se.example.org | not an IP address",
        "-bad.example.org | not a host name",
    })
    void malformedEntriesAreRefusedSayingWhy(String entry, String reason) {
        assertThatThrownBy(() -> RemoteRule.parse(entry)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(reason);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   "})
    void emptyEntriesAreRefused(String entry) {
        assertThatThrownBy(() -> RemoteRule.parse(entry)).hasMessageContaining("empty");
    }

    @Test
    void entriesReadBackAsWritten() {
        assertThat(RemoteRule.parse("*.Example.org")).hasToString("*.example.org");
        assertThat(RemoteRule.parse("10.0.0.0/8")).hasToString("10.0.0.0/8");
        assertThat(RemoteRule.parse("192.0.2.7")).hasToString("192.0.2.7/32");
    }
}
