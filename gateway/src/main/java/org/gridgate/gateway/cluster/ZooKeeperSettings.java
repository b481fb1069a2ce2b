package org.gridgate.gateway.cluster;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Where and how the doors share their state in ZooKeeper.
 *
 * @param connect        ZooKeeper's connect string, {@code host:port[,host:port...]}
 * @param path           the doors' root node; doors with the same path are one service
 * @param rotateEvery    how old the newest secret may get before the leader makes a new one
 * @param signingDelay   how long a new secret only verifies before it signs: every connected door has seen it by then
 * @param connectTimeout how long a door waits for ZooKeeper at start-up before it refuses to start
 * @param maxLifetime    the longest lifetime a macaroon may have: a secret is retired that long after its successor
 *                       began to sign, when no macaroon it signed can still be valid
 * @param authFile       a file holding {@code user:password} for ZooKeeper's digest scheme: the doors authenticate
 *                       with it and create every node readable and writable by that user only (the secrets are keys)
 */
public record ZooKeeperSettings(String connect, String path, Duration rotateEvery, Duration signingDelay,
                                Duration connectTimeout, Duration maxLifetime, Optional<Path> authFile) {
    public static final String DEFAULT_PATH = "/gridgate";
    public static final Duration DEFAULT_ROTATION = Duration.ofDays(1);
    public static final Duration DEFAULT_SIGNING_DELAY = Duration.ofSeconds(30);
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(15);

    /** Without authentication: every client that reaches ZooKeeper may read the nodes (README, "Several doors"). */
    public ZooKeeperSettings(String connect, String path, Duration rotateEvery, Duration signingDelay,
                             Duration connectTimeout, Duration maxLifetime) {
        this(connect, path, rotateEvery, signingDelay, connectTimeout, maxLifetime, Optional.empty());
    }

    public ZooKeeperSettings {
        if (connect == null || connect.isBlank()) {
            throw new IllegalArgumentException("connect: a ZooKeeper connect string host:port[,host:port...]");
        }
        if (path == null || !path.startsWith("/") || path.endsWith("/") || path.contains("//")) {
            throw new IllegalArgumentException("path: an absolute ZooKeeper path such as " + DEFAULT_PATH);
        }
        if (rotateEvery.isNegative() || rotateEvery.isZero() || signingDelay.isNegative()
                || connectTimeout.isNegative() || connectTimeout.isZero()) {
            throw new IllegalArgumentException("rotate-every and connect-timeout must be positive, signing-delay "
                    + "not negative");
        }
    }
}
