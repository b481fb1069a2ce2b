package org.gridgate.gateway.tpc;

import java.time.Instant;

/**
 * The progress lines of an HTTP third-party copy, as dCache and XRootD stream them and FTS/gfal2 parse them:
 * performance markers while the copy runs, then one {@code success:} or {@code failure:} line.
 */
final class PerformanceMarker {

    private PerformanceMarker() {
    }

    static String marker(Instant now, long bytes) {
        return "Perf Marker\n"
                + "\tTimestamp: " + now.getEpochSecond() + "\n"
                + "\tStripe Index: 0\n"
                + "\tStripe Bytes Transferred: " + bytes + "\n"
                + "\tTotal Stripe Count: 1\n"
                + "End\n";
    }

    static String success() {
        return "success: Created\n";
    }

    /** A failure line; newlines in the reason would break the client's parser. */
    static String failure(String reason) {
        return "failure: " + reason.replace('\n', ' ').replace('\r', ' ') + "\n";
    }
}
