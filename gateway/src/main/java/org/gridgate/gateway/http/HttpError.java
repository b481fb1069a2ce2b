package org.gridgate.gateway.http;

import io.netty.handler.codec.http.HttpResponseStatus;
import java.time.Duration;
import java.util.Optional;

/**
 * A request the door answers with an error status: what {@link ErrorMapping} makes of a refusal, and what this
 * package refuses itself (a request Netty could not parse, a malformed Host). Other packages raise the domain
 * refusals of {@code org.gridgate.gateway.refusal} instead and leave the status to {@link ErrorMapping}. The message
 * is short, says what was wrong, and is safe to send to the client; {@link #logDetail()} may say more for the
 * door's log.
 */
public class HttpError extends Exception {
    private static final long serialVersionUID = 1L;

    private final transient HttpResponseStatus status;
    private final String logDetail;
    private final Duration retryAfter;

    HttpError(HttpResponseStatus status, String message) {
        this(status, message, message);
    }

    HttpError(HttpResponseStatus status, String message, String logDetail) {
        this(status, message, logDetail, null);
    }

    HttpError(HttpResponseStatus status, String message, String logDetail, Duration retryAfter) {
        super(message);
        this.status = status;
        this.logDetail = logDetail;
        this.retryAfter = retryAfter;
    }

    /** When the client may try again ({@code Retry-After}), for a refusal that says. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    public HttpResponseStatus status() {
        return status;
    }

    public String logDetail() {
        return logDetail;
    }

    static HttpError badRequest(String message) {
        return new HttpError(HttpResponseStatus.BAD_REQUEST, message);
    }
}
