package org.gridgate.gateway.server;

import java.net.InetAddress;
import java.time.Instant;
import org.gridgate.gateway.metrics.DoorMetrics;

/**
 * Records a connection the door's limits cut off before a request could be answered the usual way: a metric, and an
 * access-log line whose refusal names the limit ({@code limit: request-head-timeout}), with status {@code -} when
 * the connection was closed without an answer. Requests refused with a status (429, 503, 431) are logged by
 * {@link DoorHandler} as every other request is.
 */
final class LimitLog {

    private final DoorMetrics metrics;
    private final AccessLog accessLog;

    LimitLog(DoorMetrics metrics, AccessLog accessLog) {
        this.metrics = metrics;
        this.accessLog = accessLog;
    }

    /**
     * @param method  the request's method, or "-" if no request head was complete
     * @param path    its path without the query, or "-"
     * @param status  the status answered, or {@link AccessLog#NO_RESPONSE}
     * @param reason  the limit, one of a fixed set: the metric's tag and the line's refusal
     */
    void cut(InetAddress client, String method, String path, int status, long elapsedMillis, String reason) {
        metrics.limitApplied(reason);
        accessLog.write(new AccessLog.Entry(Instant.now(), client.getHostAddress(), "-", method, path, "-", status,
                0, 0, elapsedMillis * 1000, null, AccessLog.newRequestId(), "limit: " + reason));
    }

    /** A request refused with a status by a limit; its access-log line is the request's own. */
    void refused(String reason) {
        metrics.limitApplied(reason);
    }
}
