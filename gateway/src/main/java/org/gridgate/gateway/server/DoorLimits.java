package org.gridgate.gateway.server;

import java.time.Duration;

/**
 * What a door grants one client before it cuts or refuses it (README, "Limits"). Connection caps are checked at
 * accept, deadlines per connection on its event loop ({@link RequestDeadlines}), the authentication-failure brake and
 * request rates per request ({@link RequestLimits}).
 *
 * @param tlsHandshakeTimeout      a TLS handshake not finished by then is cut (also a connection that sends nothing)
 * @param requestHeadTimeout       a request head not complete this long after its first byte is answered 408, closed
 * @param idleTimeout              a keep-alive connection with no request in progress is closed after this long
 * @param bodyMinBytesPerSecond    a request body bringing fewer bytes than this per second, averaged over
 *                                 {@code bodyWindow} of the door waiting for it, is cut; 0 never cuts
 * @param bodyWindow               see {@code bodyMinBytesPerSecond}
 * @param maxConnections           open connections the door accepts; more are closed at accept
 * @param maxConnectionsPerAddress open connections from one client address; more are closed at accept
 * @param authFailures             this many failed authentications from one address within {@code authFailureWindow}
 *                                 brake it: its requests are answered 429 for {@code authFailureBrake}; 0 never brakes
 * @param authFailureWindow        see {@code authFailures}
 * @param authFailureBrake         see {@code authFailures}
 * @param requestsPerSecond        requests the door takes per second, in bursts of up to a second's worth; more are
 *                                 answered 503 with {@code Retry-After}; 0 sets no limit
 * @param addressSharePercent      the share of {@code requestsPerSecond} one address may use; more are answered 429
 */
public record DoorLimits(Duration tlsHandshakeTimeout, Duration requestHeadTimeout, Duration idleTimeout,
                         long bodyMinBytesPerSecond, Duration bodyWindow,
                         int maxConnections, int maxConnectionsPerAddress,
                         int authFailures, Duration authFailureWindow, Duration authFailureBrake,
                         int requestsPerSecond, int addressSharePercent) {

    /**
     * The defaults. The body floor is BOINC's own (libcurl's low-speed limit of 10 B/s over 300 s in
     * {@code client/http_curl.cpp}), so the door never gives up on a volunteer's upload before the client would.
     * The per-address connection cap lets a NAT with a hundred BOINC hosts (two transfers each by default) in. The
     * brake is dCache's (3 failures in 20 s). Request rates are not limited unless configured: the door serves far
     * more than dCache's 1,000 requests per second.
     */
    public static final DoorLimits DEFAULTS = new DoorLimits(Duration.ofSeconds(10), Duration.ofSeconds(30),
            Duration.ofSeconds(60), 10, Duration.ofSeconds(300), 10_000, 500, 3, Duration.ofSeconds(20),
            Duration.ofSeconds(20), 0, 25);

    public DoorLimits {
        requirePositive(tlsHandshakeTimeout, "tls-handshake-timeout");
        requirePositive(requestHeadTimeout, "request-head-timeout");
        requirePositive(idleTimeout, "idle-timeout");
        requirePositive(bodyWindow, "body-window");
        requirePositive(authFailureWindow, "auth-failure-window");
        requirePositive(authFailureBrake, "auth-failure-brake");
        require(bodyMinBytesPerSecond >= 0, "body-min-bytes-per-second", "0 or more");
        require(authFailures >= 0, "auth-failures", "0 or more");
        require(requestsPerSecond >= 0, "requests-per-second", "0 or more");
        require(maxConnections >= 1, "max-connections", "1 or more");
        require(maxConnectionsPerAddress >= 1, "max-connections-per-address", "1 or more");
        if (addressSharePercent < 1 || addressSharePercent > 100) {
            throw new IllegalArgumentException("address-share-percent: 1 to 100");
        }
    }

    /** @throws IllegalArgumentException "key: what it must be", which the configuration reports under the key */
    private static void require(boolean holds, String key, String what) {
        if (!holds) {
            throw new IllegalArgumentException(key + ": " + what);
        }
    }

    private static void requirePositive(Duration duration, String key) {
        if (duration == null || duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException(key + ": a positive duration");
        }
    }

    public DoorLimits withDeadlines(Duration handshake, Duration head, Duration idle) {
        return new DoorLimits(handshake, head, idle, bodyMinBytesPerSecond, bodyWindow, maxConnections,
                maxConnectionsPerAddress, authFailures, authFailureWindow, authFailureBrake, requestsPerSecond,
                addressSharePercent);
    }

    public DoorLimits withBodyFloor(long bytesPerSecond, Duration window) {
        return new DoorLimits(tlsHandshakeTimeout, requestHeadTimeout, idleTimeout, bytesPerSecond, window,
                maxConnections, maxConnectionsPerAddress, authFailures, authFailureWindow, authFailureBrake,
                requestsPerSecond, addressSharePercent);
    }

    public DoorLimits withConnections(int perDoor, int perAddress) {
        return new DoorLimits(tlsHandshakeTimeout, requestHeadTimeout, idleTimeout, bodyMinBytesPerSecond,
                bodyWindow, perDoor, perAddress, authFailures, authFailureWindow, authFailureBrake,
                requestsPerSecond, addressSharePercent);
    }

    public DoorLimits withAuthFailureBrake(int failures, Duration window, Duration brake) {
        return new DoorLimits(tlsHandshakeTimeout, requestHeadTimeout, idleTimeout, bodyMinBytesPerSecond,
                bodyWindow, maxConnections, maxConnectionsPerAddress, failures, window, brake, requestsPerSecond,
                addressSharePercent);
    }

    public DoorLimits withRequestRate(int perSecond, int addressShare) {
        return new DoorLimits(tlsHandshakeTimeout, requestHeadTimeout, idleTimeout, bodyMinBytesPerSecond,
                bodyWindow, maxConnections, maxConnectionsPerAddress, authFailures, authFailureWindow,
                authFailureBrake, perSecond, addressShare);
    }

    /** The requests one address may make per second: its share of the door's rate, at least one. */
    int requestsPerSecondPerAddress() {
        return Math.max(1, (int) ((long) requestsPerSecond * addressSharePercent / 100));
    }
}
