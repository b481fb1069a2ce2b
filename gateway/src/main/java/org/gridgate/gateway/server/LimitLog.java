package org.gridgate.gateway.server;

import java.net.InetAddress;
import java.time.Instant;
import org.gridgate.gateway.metrics.DoorMetrics;

/**
 * Records a connection the door's limits cut off before a request could be answered the usual way: a metric and an
 * access-log line in the access log's format (text or JSON), with {@code limit <name>} as its refusal. Requests refused with a
 * status (429, 503, 431) are logged by {@link DoorHandler} as every other request is.
 */
final class LimitLog {

    private final DoorMetrics metrics;
    private final AccessLog accessLog;

    LimitLog(DoorMetrics metrics, AccessLog accessLog) {
        this.metrics = metrics;
        this.accessLog = accessLog;
    }

    /**
     * @param request what the client was sending ("PUT /path", without the query), or "-" if no request was known
     * @param status  the status answered, or 0 when the connection was closed without an answer
     * @param reason  the limit, one of a fixed set: the metric's tag and the line's last field
     */
    void cut(InetAddress client, String request, int status, long elapsedMillis, String reason) {
        metrics.limitApplied(reason);
        int space = request.indexOf(' ');
        accessLog.write(new AccessLog.Entry(Instant.now(), client.getHostAddress(), "-",
                space < 0 ? "-" : request.substring(0, space), space < 0 ? "-" : request.substring(space + 1), "-",
                status == 0 ? -1 : status, 0, 0, elapsedMillis * 1000, null, AccessLog.newRequestId(),
                "limit " + reason));
    }

    /** A request refused with a status by a limit; its access-log line is the request's own. */
    void refused(String reason) {
        metrics.limitApplied(reason);
    }
}
