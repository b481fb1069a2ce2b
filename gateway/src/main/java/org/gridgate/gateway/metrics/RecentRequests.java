package org.gridgate.gateway.metrics;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * Requests of the last hour, minute by minute, by outcome: what the status page plots. Prometheus keeps the long
 * history; this is for an admin who opens the page without a Grafana at hand. Sixty minutes of a few counters:
 * constant memory, and recording costs one array read and one adder increment.
 */
public final class RecentRequests {
    /** How the status page groups answers: served, and refusals by reason. */
    public enum Outcome {
        SERVED("served"),
        UNAUTHENTICATED("401 no or bad credential"),
        FORBIDDEN("403 not allowed"),
        NOT_FOUND("404 not found"),
        BAD_REQUEST("other 4xx"),
        THROTTLED("429/503 limits, draining"),
        ERROR("5xx errors");

        private final String label;

        Outcome(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }

        static Outcome of(int status) {
            if (status < 400) {
                return SERVED; // 0: answered asynchronously (a third-party copy), counted as served
            }
            return switch (status) {
                case 401 -> UNAUTHENTICATED;
                case 403 -> FORBIDDEN;
                case 404 -> NOT_FOUND;
                case 429, 503 -> THROTTLED;
                default -> status < 500 ? BAD_REQUEST : ERROR;
            };
        }
    }

    /** One minute's counts, oldest first in {@link #lastHour()}. */
    public record Minute(Instant start, Map<Outcome, Long> counts) {
        public long total() {
            return counts.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    private static final int MINUTES = 60;

    private final Clock clock;
    private final AtomicReferenceArray<Slot> slots = new AtomicReferenceArray<>(MINUTES);

    public RecentRequests(Clock clock) {
        this.clock = clock;
    }

    void record(int status) {
        long minute = clock.millis() / 60_000;
        int index = (int) (minute % MINUTES);
        Slot slot = slots.get(index);
        while (slot == null || slot.minute != minute) {
            Slot fresh = new Slot(minute);
            if (slots.compareAndSet(index, slot, fresh)) {
                slot = fresh;
            } else {
                slot = slots.get(index);
                if (slot != null && slot.minute > minute) {
                    return; // a clock step backwards: drop rather than corrupt a newer minute
                }
            }
        }
        slot.counts[Outcome.of(status).ordinal()].increment();
    }

    /** The last sixty minutes, the current one last; minutes without requests have zero counts. */
    public List<Minute> lastHour() {
        long now = clock.millis() / 60_000;
        List<Minute> minutes = new ArrayList<>(MINUTES);
        for (long minute = now - MINUTES + 1; minute <= now; minute++) {
            Slot slot = slots.get((int) (minute % MINUTES));
            Map<Outcome, Long> counts = new EnumMap<>(Outcome.class);
            for (Outcome outcome : Outcome.values()) {
                counts.put(outcome, slot != null && slot.minute == minute
                        ? slot.counts[outcome.ordinal()].sum() : 0L);
            }
            minutes.add(new Minute(Instant.ofEpochMilli(minute * 60_000), counts));
        }
        return minutes;
    }

    private static final class Slot {
        final long minute;
        final LongAdder[] counts = new LongAdder[Outcome.values().length];

        Slot(long minute) {
            this.minute = minute;
            for (int i = 0; i < counts.length; i++) {
                counts[i] = new LongAdder();
            }
        }
    }
}
