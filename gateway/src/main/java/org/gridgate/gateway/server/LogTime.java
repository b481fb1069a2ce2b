package org.gridgate.gateway.server;

import java.time.Instant;
import java.time.format.DateTimeFormatter;

/**
 * An instant to the millisecond as {@link DateTimeFormatter#ISO_INSTANT} writes it ({@code 2026-12-05T00:12:13.120Z},
 * no fraction at a whole second), for the access log. Formatting was 1.6 % of the door's time for a small GET; all
 * but the milliseconds change once a second, so that part is formatted once a second and kept.
 */
final class LogTime {

    /** A whole second and its text without the zone, {@code 2026-12-05T00:12:13}. */
    private record Second(long epochSecond, String text) {
    }

    /** Replaced whole, never changed: threads that race each format the same second once. */
    private volatile Second last = new Second(Long.MIN_VALUE, "");

    String format(Instant time) {
        long epochSecond = time.getEpochSecond();
        Second second = last;
        if (second.epochSecond() != epochSecond) {
            String whole = DateTimeFormatter.ISO_INSTANT.format(Instant.ofEpochSecond(epochSecond));
            second = new Second(epochSecond, whole.substring(0, whole.length() - 1));
            last = second;
        }
        int millis = time.getNano() / 1_000_000;
        if (millis == 0) {
            return second.text() + 'Z';
        }
        StringBuilder text = new StringBuilder(second.text().length() + 5).append(second.text()).append('.');
        if (millis < 100) {
            text.append(millis < 10 ? "00" : "0");
        }
        return text.append(millis).append('Z').toString();
    }
}
