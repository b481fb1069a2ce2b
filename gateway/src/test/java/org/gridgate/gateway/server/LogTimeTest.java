package org.gridgate.gateway.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LogTimeTest {

    @Test
    void writesWhatIsoInstantWritesForTheInstantCutToTheMillisecond() {
        LogTime times = new LogTime();
        SplittableRandom random = new SplittableRandom(7);
        Instant time = Instant.parse("2026-12-05T00:12:13Z");
        for (int i = 0; i < 20_000; i++) {
            // steps within a second, across seconds and back in time (threads log out of order)
            time = time.plusNanos(random.nextLong(-2_000_000_000L, 3_000_000_000L));
            if (i % 100 == 0) {
                time = time.truncatedTo(ChronoUnit.SECONDS);   // a whole second: ISO_INSTANT writes no fraction
            }
            assertThat(times.format(time))
                    .isEqualTo(DateTimeFormatter.ISO_INSTANT.format(time.truncatedTo(ChronoUnit.MILLIS)));
        }
    }
}
