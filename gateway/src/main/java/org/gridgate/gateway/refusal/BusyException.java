package org.gridgate.gateway.refusal;

import java.time.Duration;
import java.util.Optional;

/**
 * The door cannot take this now (a full table, all copy slots busy, its request rate reached): the client may retry
 * later, after {@link #retryAfter()} if it is known.
 */
public final class BusyException extends RefusedException {
    private static final long serialVersionUID = 1L;

    private final Duration retryAfter;

    public BusyException(String message) {
        this(message, message);
    }

    public BusyException(String message, String logDetail) {
        this(message, logDetail, null);
    }

    public BusyException(String message, String logDetail, Duration retryAfter) {
        super(message, logDetail);
        this.retryAfter = retryAfter;
    }

    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
