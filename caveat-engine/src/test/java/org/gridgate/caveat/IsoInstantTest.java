package org.gridgate.caveat;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.DateTimeException;
import java.time.Instant;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.StringLength;
import net.jqwik.api.constraints.Chars;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The hand parser must accept and refuse exactly what {@link Instant#parse} does, with the same result. */
class IsoInstantTest {

    @Property(tries = 500)
    void agreesWithInstantParseOnWhatInstantPrints(@ForAll @LongRange(min = -62_000_000_000L, max = 250_000_000_000L)
                                                   long seconds, @ForAll @IntRange(min = 0, max = 999_999_999)
                                                   int nanos) {
        String text = Instant.ofEpochSecond(seconds, nanos).toString();
        assertThat(IsoInstant.parse(text)).isEqualTo(Instant.parse(text));
    }

    @Property(tries = 1000)
    void agreesWithInstantParseOnDigitSoup(@ForAll @StringLength(min = 19, max = 19) @Chars({'0', '1', '2', '3', '9'})
                                           String digits, @ForAll @IntRange(min = 0, max = 9) int fraction) {
        String text = digits.substring(0, 4) + "-" + digits.substring(4, 6) + "-" + digits.substring(6, 8) + "T"
                + digits.substring(8, 10) + ":" + digits.substring(10, 12) + ":" + digits.substring(12, 14)
                + (fraction == 0 ? "" : "." + digits.substring(14, 14 + Math.min(fraction, 5))) + "Z";
        assertThat(outcome(text, true)).isEqualTo(outcome(text, false));
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-11-27T02:00:00Z", "2026-11-27T02:00:00.840Z", "2026-11-27T02:00:00.123456789Z",
        "2026-02-30T00:00:00Z", "2026-11-27T24:00:00Z", "2026-11-27T23:59:60Z", "2026-11-27T02:00:00.Z",
        "2026-11-27T02:00:00.1234567890Z", "2026-11-27 02:00:00Z", "+12026-11-27T02:00:00Z",
        "2026-11-27T02:00:00+01:00", "2026-1-27T02:00:00Z", "garbage", ""})
    void agreesWithInstantParseOnEdgeCases(String text) {
        assertThat(outcome(text, true)).isEqualTo(outcome(text, false));
    }

    private static String outcome(String text, boolean ours) {
        try {
            return (ours ? IsoInstant.parse(text) : Instant.parse(text)).toString();
        } catch (DateTimeException e) {
            return "refused";
        }
    }
}
