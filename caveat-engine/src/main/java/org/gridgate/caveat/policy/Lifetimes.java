package org.gridgate.caveat.policy;

import java.time.Duration;

/** Lifetimes written the way admins write them: {@code P7D} rather than Java's {@code PT168H}. */
final class Lifetimes {

    private static final long SECONDS_PER_DAY = Duration.ofDays(1).toSeconds();

    private Lifetimes() {
    }

    static String describe(Duration duration) {
        if (duration.toSeconds() % SECONDS_PER_DAY == 0 && duration.getNano() == 0) {
            return "P" + duration.toDays() + "D";
        }
        return duration.toString();
    }
}
