package org.gridgate.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.gridgate.gateway.refusal.MalformedRequestException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RequestPathTest {

    @ParameterizedTest
    @CsvSource({
        "/, /",
        "/a/b, /a/b",
        "/a/b/, /a/b",
        "//a///b, /a/b",
        "/a/./b/., /a/b",
        "/a%20b/c, /a b/c",
        "/a+b, /a+b",
        "/%C3%A9t%C3%A9, /été",
    })
    void normalises(String raw, String expected) throws MalformedRequestException {
        assertThat(RequestPath.fromRawPath(raw).path()).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "/a/../b", "/..", "/a/%2e%2e/b", "/a/%2E%2E", "/a/.%2e/b", "/a%2fb", "/a%2Fb", "/a%5cb", "/a\\b",
        "/a%00b", "/a%0ab", "relative", "", "/a%zz", "/a%"
    })
    void refusesAmbiguousPaths(String raw) {
        assertThatThrownBy(() -> RequestPath.fromRawPath(raw)).isInstanceOf(MalformedRequestException.class);
    }

    /**
     * Every path of up to seven characters after the leading slash, from an alphabet with the separators, the dots,
     * percent-encoding, '+' and a plain letter: the fast path for plain paths answers exactly as the general parse.
     */
    @Test
    void thePlainPathShortcutAgreesWithTheGeneralParse() {
        char[] alphabet = {'/', '.', 'a', '~', '%', '2', '+'};
        int checked = ShortStrings.each(alphabet, 7, tail -> {
            String raw = "/" + tail;
            Object fast = outcome(() -> RequestPath.fromRawPath(raw));
            Object general = outcome(() -> RequestPath.decoded(raw));
            if (!fast.equals(general)) {
                assertThat(fast).as(raw).isEqualTo(general);
            }
        });
        assertThat(checked).isGreaterThan(900_000);
    }

    private interface Parse {
        RequestPath parse() throws MalformedRequestException;
    }

    private static Object outcome(Parse parse) {
        try {
            return parse.parse();
        } catch (MalformedRequestException e) {
            return e.getMessage();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"/a/", "/a/b/"})
    void remembersTrailingSlash(String raw) throws MalformedRequestException {
        assertThat(RequestPath.fromRawPath(raw).trailingSlash()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/a/#frag", "/a#", "/a?authz=x#y"})
    void refusesARawFragment(String uri) {
        assertThatThrownBy(() -> RequestPath.fromUri(uri)).isInstanceOf(MalformedRequestException.class)
                .hasMessageContaining("%23");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/a/%23frag", "/a%23b"})
    void acceptsAnEncodedHash(String uri) throws MalformedRequestException {
        assertThat(RequestPath.fromUri(uri).path()).contains("#");
    }

    @ParameterizedTest
    @CsvSource({
        "/data/a, /data/a, true",
        "/data/a/b, /data/a, true",
        "/data/ab, /data/a, false",
        "/data, /data/a, false",
        "/anything, /, true",
        "/, /, true",
    })
    void isWithinComparesSegments(String path, String ancestor, boolean within) {
        assertThat(RequestPath.isWithin(path, ancestor)).isEqualTo(within);
    }
}
