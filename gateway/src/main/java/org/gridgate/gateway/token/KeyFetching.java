package org.gridgate.gateway.token;

import java.time.Duration;

/**
 * How issuers' keys are fetched and kept (Nimbus's {@code JWKSourceBuilder}), the same for every issuer.
 *
 * @param refresh          how long a fetched key set is used; it is fetched again a minute before, in the
 *                         background (the WLCG profile: 1–6 h)
 * @param outageTolerance  how long the last good key set is kept while the issuer cannot be reached (1–4 days)
 * @param refetchInterval  the least time between two fetches beyond the scheduled ones: a token naming an unknown
 *                         {@code kid} causes at most one fetch per interval, however many arrive
 * @param httpTimeout      connect and read timeout of each fetch
 * @param maxWait          the longest a request waits for keys being fetched (never on an event loop)
 */
public record KeyFetching(Duration refresh, Duration outageTolerance, Duration refetchInterval,
                          Duration httpTimeout, Duration maxWait) {

    /** Key sets are small; an issuer sending more is refused. */
    static final int MAX_KEY_SET_BYTES = 64 * 1024;

    public static KeyFetching defaults() {
        return new KeyFetching(Duration.ofHours(1), Duration.ofDays(2), Duration.ofMinutes(1),
                Duration.ofSeconds(2), Duration.ofSeconds(5));
    }

    public KeyFetching {
        if (refetchInterval.compareTo(refresh) >= 0 || refresh.compareTo(Duration.ofMinutes(2)) < 0) {
            throw new IllegalArgumentException("need key refresh (" + refresh + ") of 2 minutes or more and above the "
                    + "refetch interval (" + refetchInterval + ")");
        }
        if (httpTimeout.isNegative() || httpTimeout.isZero() || maxWait.isNegative() || maxWait.isZero()) {
            throw new IllegalArgumentException("need positive fetch timeout and wait");
        }
    }
}
