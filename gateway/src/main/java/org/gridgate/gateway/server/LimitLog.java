package org.gridgate.gateway.server;

import java.net.InetAddress;
import org.gridgate.gateway.metrics.DoorMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records a connection the door's limits cut off before a request could be answered the usual way: a metric and an
 * access-log line in the access log's format, with the limit's name after the usual fields. Requests refused with a
 * status (429, 503, 431) are logged by {@link DoorHandler} as every other request is.
 */
final class LimitLog {

    private static final Logger ACCESS = LoggerFactory.getLogger("gridgate.access");

    private final DoorMetrics metrics;

    LimitLog(DoorMetrics metrics) {
        this.metrics = metrics;
    }

    /**
     * @param request what the client was sending ("PUT /path", without the query), or "-" if no request was known
     * @param status  the status answered, or 0 when the connection was closed without an answer
     * @param reason  the limit, one of a fixed set: the metric's tag and the line's last field
     */
    void cut(InetAddress client, String request, int status, long elapsedMillis, String reason) {
        metrics.limitApplied(reason);
        ACCESS.info("{} \"-\" \"{}\" {} 0 {}ms limit={}", client.getHostAddress(), request,
                status == 0 ? "-" : Integer.toString(status), elapsedMillis, reason);
    }

    /** A request refused with a status by a limit; its access-log line is the request's own. */
    void refused(String reason) {
        metrics.limitApplied(reason);
    }
}
