package org.gridgate.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HostHeaderTest {

    /** What a Host header may be, as the regular expression the hand-written check replaced. */
    private static final Pattern HOST = Pattern.compile(
            "(?:[A-Za-z0-9](?:[A-Za-z0-9._~-]{0,252})?|\\[[0-9A-Fa-f:.]{2,45}])(?::[0-9]{1,5})?");

    @ParameterizedTest
    @ValueSource(strings = {"localhost", "localhost:8443", "door.example.org", "127.0.0.1:443", "[::1]",
        "[::1]:8443", "[2001:db8::7]:443", "a", "a~b_c-d.e"})
    void acceptsHostsAUrlCanHold(String host) {
        assertThat(HostHeader.isWellFormed(host)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "-door", ".door", "door:", "door:123456", "door:80a", "[::1", "[]", "[:]",
        "[::1]x", "[::g]", "door/x", "door\"x", "door x", "user@door", "door:80:80", "[::1]:"})
    void refusesWhatCouldSmuggleTextIntoAUrl(String host) {
        assertThat(HostHeader.isWellFormed(host)).isFalse();
    }

    @Test
    void agreesWithTheRegularExpressionAtTheLengthLimits() {
        for (String host : new String[] {
            "a".repeat(253), "a".repeat(254), "a".repeat(253) + ":1", "[" + "1".repeat(45) + "]",
            "[" + "1".repeat(46) + "]", "[" + "1".repeat(2) + "]", "door:12345", "door:123456"}) {
            assertThat(HostHeader.isWellFormed(host)).as(host).isEqualTo(HOST.matcher(host).matches());
        }
    }

    /** Every string of up to seven characters from an alphabet of the characters that matter, and one that never. */
    @Test
    void agreesWithTheRegularExpressionOnEveryShortString() {
        char[] alphabet = {'a', 'F', 'g', '1', '.', '-', ':', '[', ']', '/'};
        int checked = ShortStrings.each(alphabet, 6, text -> {
            if (HostHeader.isWellFormed(text) != HOST.matcher(text).matches()) {
                assertThat(HostHeader.isWellFormed(text)).as(text).isEqualTo(HOST.matcher(text).matches());
            }
        });
        assertThat(checked).isEqualTo(1_111_111);
    }
}
