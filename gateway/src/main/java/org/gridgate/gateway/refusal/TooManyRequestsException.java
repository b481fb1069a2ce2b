package org.gridgate.gateway.refusal;

import java.time.Duration;

/**
 * This client has asked too much of the door (failed authentications, or more than its share of the request
 * rate): it may retry after {@link #retryAfter()}, and only then.
 */
public final class TooManyRequestsException extends RefusedException {
    private static final long serialVersionUID = 1L;

    private final Duration retryAfter;

    public TooManyRequestsException(String message, String logDetail, Duration retryAfter) {
        super(message, logDetail);
        this.retryAfter = retryAfter;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
