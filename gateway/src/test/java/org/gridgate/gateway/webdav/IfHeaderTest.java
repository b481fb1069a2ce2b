package org.gridgate.gateway.webdav;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** An If header the door cannot read is a precondition that does not hold: 412, never a 500. */
class IfHeaderTest {

    /** Found by HeadersFuzzTest: an unterminated token or entity tag inside a list failed with a 500. */
    @ParameterizedTest
    @ValueSource(strings = {"(<)", "<http://localhost/x> (<)", "([)", "(<urn:uuid:1)", "([\"etag\")", "(Not <"})
    void anUnterminatedConditionNeverHolds(String header) {
        assertThat(IfHeader.parse(header).holds(token -> true, "\"etag\"")).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"(<urn:uuid:1>)", "([\"etag\"])", "(Not <urn:uuid:2>)"})
    void aWellFormedHeaderStillHolds(String header) {
        assertThat(IfHeader.parse(header).holds(token -> token.equals("urn:uuid:1"), "\"etag\"")).isTrue();
    }
}
