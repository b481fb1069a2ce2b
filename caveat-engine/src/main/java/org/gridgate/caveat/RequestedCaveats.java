package org.gridgate.caveat;

import static org.gridgate.caveat.MintRefusedException.Kind.BAD_REQUEST;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;

/**
 * A macaroon request after checking its grammar: the expiry the client asked for (the earliest of its
 * {@code validity} and {@code before:} caveats, as dCache), the activity set it asked for, and its other caveats,
 * to be appended verbatim. Everything malformed is refused with dCache's 400 reasons.
 */
final class RequestedCaveats {
    private static final String BAD_CAVEAT = "Bad requested caveat: ";

    private final Optional<Duration> validity;
    private final List<Instant> befores;
    private final Optional<EnumSet<Activity>> activities;
    private final List<Caveat> others;

    private RequestedCaveats(Optional<Duration> validity, List<Instant> befores,
                             Optional<EnumSet<Activity>> activities, List<Caveat> others) {
        this.validity = validity;
        this.befores = List.copyOf(befores);
        this.activities = activities;
        this.others = List.copyOf(others);
    }

    static RequestedCaveats parse(MacaroonRequest request) throws MintRefusedException {
        Optional<Duration> validity = Optional.empty();
        if (request.validity().isPresent()) {
            try {
                validity = Optional.of(Duration.parse(request.validity().get()));
            } catch (DateTimeParseException | ArithmeticException e) {
                throw new MintRefusedException(BAD_REQUEST, "Bad validity value: "
                        + LogSafe.text(request.validity().get()) + " is not an ISO-8601 duration");
            }
        }
        List<Instant> befores = new ArrayList<>();
        Optional<EnumSet<Activity>> activities = Optional.empty();
        List<Caveat> others = new ArrayList<>();
        for (String text : request.caveats()) {
            Caveat caveat = parseCaveat(text);
            switch (caveat.type()) {
                case ISSUE_ID, IDENTITY -> throw new MintRefusedException(BAD_REQUEST, BAD_CAVEAT
                        + caveat.type().label() + ": is set by the door and may not be requested");
                case BEFORE -> befores.add(Instant.parse(caveat.value()));
                case ACTIVITY -> {
                    EnumSet<Activity> next = EnumSet.copyOf(activitiesOf(caveat));
                    if (activities.isPresent() && !activities.get().containsAll(next)) {
                        throw new MintRefusedException(BAD_REQUEST, BAD_CAVEAT + "attempt to enlarge activity set: "
                                + LogSafe.text(caveat.toString()));
                    }
                    activities = Optional.of(next);
                }
                default -> others.add(caveat);
            }
        }
        return new RequestedCaveats(validity, befores, activities, others);
    }

    /**
     * The requested expiry, in whole seconds (so that XRootD-style parsers read it too), if the request names one.
     * Refused if not after {@code now} or beyond {@code now + maxLifetime}; exactly the maximum is allowed.
     */
    Optional<Instant> expiry(Instant now, Duration maxLifetime) throws MintRefusedException {
        List<Instant> candidates = new ArrayList<>(befores);
        validity.ifPresent(d -> candidates.add(plus(now, d)));
        Optional<Instant> earliest = candidates.stream().min(Instant::compareTo)
                .map(i -> i.truncatedTo(ChronoUnit.SECONDS));
        if (earliest.isPresent()) {
            if (!earliest.get().isAfter(now)) {
                throw new MintRefusedException(BAD_REQUEST, BAD_CAVEAT + "before: requested expiry in past");
            }
            if (earliest.get().isAfter(plus(now, maxLifetime))) {
                throw new MintRefusedException(BAD_REQUEST, BAD_CAVEAT
                        + "before: requested duration beyond maximum allowed (" + maxLifetime + ")");
            }
        }
        return earliest;
    }

    Optional<EnumSet<Activity>> activities() {
        return activities.map(EnumSet::copyOf);
    }

    /** The caveats to append verbatim: all but iid/id (refused), before (folded) and activity (replaced). */
    List<Caveat> others() {
        return others;
    }

    /** now + duration, saturating instead of overflowing on absurd durations such as PT9999999999H. */
    static Instant plus(Instant now, Duration duration) {
        try {
            return now.plus(duration);
        } catch (ArithmeticException | DateTimeException e) {
            return duration.isNegative() ? Instant.MIN : Instant.MAX;
        }
    }

    private static Caveat parseCaveat(String text) throws MintRefusedException {
        if (text == null) {
            throw new MintRefusedException(BAD_REQUEST, BAD_CAVEAT + "null");
        }
        try {
            return Caveat.parse(text);
        } catch (InvalidCaveatException e) {
            throw new MintRefusedException(BAD_REQUEST, BAD_CAVEAT + e.getMessage());
        }
    }

    private static EnumSet<Activity> activitiesOf(Caveat caveat) throws MintRefusedException {
        try {
            return CaveatValues.activities(caveat.value());
        } catch (InvalidCaveatException e) {
            throw new MintRefusedException(BAD_REQUEST, BAD_CAVEAT + e.getMessage());
        }
    }
}
