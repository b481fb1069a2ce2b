package org.gridgate.gateway.cluster;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.framework.recipes.cache.ChildData;
import org.apache.curator.framework.recipes.leader.LeaderLatch;
import org.apache.curator.framework.recipes.leader.LeaderLatchListener;
import org.apache.curator.framework.state.ConnectionState;
import org.apache.curator.retry.ExponentialBackoffRetry;
import org.gridgate.caveat.SecretStore;
import org.gridgate.caveat.SharedSecret;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Macaroon secrets shared by the doors through ZooKeeper ({@link SecretNodes} says where). Every door watches the
 * secret nodes with a Curator cache and holds what it has seen in a memory-only {@link SecretStore}: a rotation
 * reaches it as soon as ZooKeeper tells it (well under a second), a door that joins gets every current secret, and
 * nothing is written to the door's disk. One door, elected with a Curator leader latch, rotates on schedule, retires
 * secrets no valid macaroon can need any more, and writes back secrets whose nodes were deleted or damaged.
 *
 * <p>ZooKeeper trouble never breaks a door: without ZooKeeper the door keeps verifying with every secret it holds
 * and keeps minting with the one that signs, and {@link #trouble()} makes {@code /ready} say so; a reconnected door
 * catches up from the cache. A node that does not read is logged and ignored. Only at start-up is ZooKeeper
 * required: a door that cannot reach it in time does not start, since it keeps no copy of the secrets on disk.
 */
final class ZooKeeperSecrets {
    private static final Logger LOG = LoggerFactory.getLogger(ZooKeeperSecrets.class);
    private static final int SESSION_TIMEOUT_MS = 15_000;

    private final ZooKeeperSettings settings;
    private final Clock clock;
    private final CuratorFramework client;
    private final SecretNodes nodes;
    private final ScheduledExecutorService duties;
    /** Set once the constructor has them; the cache's listener may fire before. */
    private volatile SecretsCache cache;
    private volatile SecretStore store;
    private volatile LeaderLatch leader;
    private volatile Instant disconnectedSince;
    private volatile boolean closed;
    /** Node versions already reported as unreadable or missing, so each is logged once. */
    private final Set<String> reported = new HashSet<>();

    private ZooKeeperSecrets(CuratorFramework client, ZooKeeperSettings settings, Clock clock, String doorName)
            throws IOException {
        this.settings = settings;
        this.clock = clock;
        this.client = client;
        this.nodes = new SecretNodes(client, settings.path(), clock);
        this.duties = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "gridgate-zookeeper");
            thread.setDaemon(true);
            return thread;
        });
        SecretsCache secretsCache = null;
        LeaderLatch latch = null;
        try {
            nodes.createFirstIfNone();
            secretsCache = SecretsCache.start(client, nodes, () -> soon(this::catchUp), settings.connectTimeout(),
                    settings.connect());
            this.cache = secretsCache;
            View view = view(secretsCache, List.of());
            if (view.active().isEmpty()) {
                throw new IOException("no readable macaroon secret in ZooKeeper at " + settings.connect()
                        + settings.path());
            }
            this.store = SecretStore.held(view.active(), view.retired(), clock);
            LOG.info("Macaroon secrets from ZooKeeper {}{}: {} signs, {} verify", settings.connect(),
                    settings.path(), store.currentId(), store.activeIds().size());
            client.getConnectionStateListenable().addListener((c, state) -> connectionChanged(state));
            latch = new LeaderLatch(client, settings.path() + "/leader", doorName);
            latch.addListener(new LeaderLatchListener() {
                @Override
                public void isLeader() {
                    LOG.info("This door leads the macaroon secrets' rotation");
                    soon(ZooKeeperSecrets.this::leaderDuties);
                }

                @Override
                public void notLeader() {
                    LOG.info("This door no longer leads the macaroon secrets' rotation");
                }
            });
            latch.start();
            this.leader = latch;
        } catch (IOException | RuntimeException e) {
            abandon(latch, secretsCache);
            Optional<IOException> refused = refusedAccess(settings, e);
            if (refused.isPresent()) {
                throw refused.get();
            }
            throw e;
        } catch (Exception e) {
            abandon(latch, secretsCache);
            throw refusedAccess(settings, e).orElseGet(() -> new IOException("ZooKeeper: " + e.getMessage(), e));
        }
        long period = leaderPeriod(settings).toMillis();
        duties.scheduleWithFixedDelay(this::leaderDuties, period, period, TimeUnit.MILLISECONDS);
    }

    /**
     * Takes the secrets ZooKeeper holds (creating the first if there is none) and starts watching them, through
     * {@code client}, which the caller closes after this.
     *
     * @param doorName how this door is named among the leader latch's participants (host:port)
     * @throws IOException with one line saying why, if ZooKeeper holds no usable secret in time
     */
    static ZooKeeperSecrets start(CuratorFramework client, ZooKeeperSettings settings, Clock clock, String doorName)
            throws IOException {
        return new ZooKeeperSecrets(client, settings, clock, doorName);
    }

    /** A started Curator client, connected within the connect timeout; else closed and an exception. */
    static CuratorFramework connect(ZooKeeperSettings settings) throws IOException {
        CuratorFrameworkFactory.Builder builder = CuratorFrameworkFactory.builder()
                .connectString(settings.connect())
                .sessionTimeoutMs(SESSION_TIMEOUT_MS)
                .connectionTimeoutMs((int) Math.min(Integer.MAX_VALUE, settings.connectTimeout().toMillis()))
                .retryPolicy(new ExponentialBackoffRetry(500, 3, 5_000));
        if (settings.authFile().isPresent()) {
            builder.authorization(ZooKeeperCredentials.SCHEME, ZooKeeperCredentials.read(settings.authFile().get()))
                    .aclProvider(ZooKeeperCredentials.CREATOR_ONLY);
        }
        CuratorFramework client = builder.build();
        client.start();
        boolean connected;
        try {
            connected = client.blockUntilConnected((int) settings.connectTimeout().toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            connected = false;
        }
        if (!connected) {
            client.close();
            throw new ZooKeeperUnreachableException("cannot reach ZooKeeper at " + settings.connect() + " within "
                    + settings.connectTimeout().toSeconds() + " s (a door that shares its macaroon secrets through "
                    + "ZooKeeper keeps no copy on disk, so it does not start without it)");
        }
        return client;
    }

    /** One line for a door whose ZooKeeper identity may not touch the nodes (the ACLs of another auth file). */
    private static Optional<IOException> refusedAccess(ZooKeeperSettings settings, Exception e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof org.apache.zookeeper.KeeperException.NoAuthException) {
                return Optional.of(new IOException("ZooKeeper at " + settings.connect() + " refused this door the "
                        + "nodes below " + settings.path() + " (no access): set zookeeper.auth-file to the file the "
                        + "other doors use", e));
            }
        }
        return Optional.empty();
    }

    /** How often the leader looks at the secrets: a few times per rotation period, at most every 30 s. */
    static Duration leaderPeriod(ZooKeeperSettings settings) {
        Duration quarter = settings.rotateEvery().dividedBy(4);
        Duration period = quarter.compareTo(Duration.ofSeconds(30)) > 0 ? Duration.ofSeconds(30) : quarter;
        return period.compareTo(Duration.ofMillis(500)) < 0 ? Duration.ofMillis(500) : period;
    }

    SecretStore store() {
        return store;
    }

    /** Whether this door is the leader now (for tests and the log). */
    boolean isLeader() {
        return leader.hasLeadership();
    }

    /** @param damaged whether a node did not read or a held secret's node was gone (the leader writes it back) */
    private record View(List<SharedSecret> active, Map<String, Instant> retired, boolean damaged) {
    }

    /**
     * The secrets in the cache, merged with those {@code held}: a node that does not read is ignored (the held copy
     * stays), and a held secret whose node vanished stays too unless it was retired.
     */
    private View view(SecretsCache source, List<SharedSecret> held) {
        Map<String, SharedSecret> active = new LinkedHashMap<>();
        Map<String, Instant> retired = new LinkedHashMap<>();
        boolean damaged = false;
        String secretsPrefix = nodes.secretsPath() + "/";
        String retiredPrefix = nodes.retiredPath() + "/";
        List<ChildData> all = source.nodes();
        for (ChildData node : all) {
            if (node.getPath().startsWith(retiredPrefix)) {
                retired.put(SecretNodes.idOf(node.getPath().substring(retiredPrefix.length())),
                        SecretNodes.retiredAt(node.getData()));
            }
        }
        for (ChildData node : all) {
            if (!node.getPath().startsWith(secretsPrefix)) {
                continue;
            }
            String name = node.getPath().substring(secretsPrefix.length());
            try {
                SharedSecret secret = SecretNodes.secretOf(name, node.getData());
                forget("missing " + secret.id());
                if (!retired.containsKey(secret.id())) {
                    active.put(secret.id(), secret);
                }
            } catch (IOException e) {
                damaged = true;
                reportOnce(node.getPath() + "@" + (node.getStat() == null ? 0 : node.getStat().getMzxid()),
                        "Ignoring ZooKeeper node " + node.getPath() + ", which is not a macaroon secret: "
                                + e.getMessage());
            }
        }
        for (SharedSecret secret : held) {
            if (!active.containsKey(secret.id()) && !retired.containsKey(secret.id())) {
                damaged = true;
                reportOnce("missing " + secret.id(), "Macaroon secret " + secret.id() + " is missing or "
                        + "unreadable in ZooKeeper but was not retired: this door keeps it");
                active.put(secret.id(), secret);
            }
        }
        return new View(SecretNodes.ordered(new ArrayList<>(active.values())), retired, damaged);
    }

    private void forget(String key) {
        synchronized (reported) {
            reported.remove(key);
        }
    }

    private void reportOnce(String key, String message) {
        synchronized (reported) {
            if (reported.add(key)) {
                LOG.warn(message);
            }
        }
    }

    /** Runs {@code task} on the duties thread, unless the door is closing. */
    private void soon(Runnable task) {
        if (!closed) {
            try {
                duties.execute(task);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                // closing meanwhile: nothing more to take
            }
        }
    }

    /** Takes what the cache holds now; runs on the duties thread after every change the cache reports. */
    private void catchUp() {
        if (store == null || cache == null || closed) {
            return; // still starting (the constructor takes the cache as it is once loaded), or closing
        }
        try {
            View view = view(cache, store.shared());
            if (!view.active().isEmpty()) {
                store.adopt(view.active(), view.retired());
            }
            if (view.damaged() && leader != null && leader.hasLeadership() && disconnectedSince == null) {
                nodes.restore(store.shared()); // a node deleted or damaged by hand: written back at once
            }
        } catch (IOException | RuntimeException e) {
            if (!closed) {
                LOG.warn("Could not take the macaroon secrets from ZooKeeper, keeping those held: {}", e.toString());
            }
        }
    }

    private void connectionChanged(ConnectionState state) {
        if (state.isConnected()) {
            if (disconnectedSince != null) {
                LOG.info("ZooKeeper connection {} after {} s: catching up with the macaroon secrets", state,
                        Duration.between(disconnectedSince, clock.instant()).toSeconds());
            }
            disconnectedSince = null;
            soon(this::catchUp);
        } else if (disconnectedSince == null) {
            disconnectedSince = clock.instant();
            LOG.warn("ZooKeeper connection {}: verifying and minting with the macaroon secrets held; not ready",
                    state);
        }
    }

    /** The leader's schedule: restore lost nodes, rotate when due, retire what no valid macaroon needs. */
    private void leaderDuties() {
        if (closed || disconnectedSince != null || leader == null || !leader.hasLeadership()) {
            return;
        }
        try {
            List<SharedSecret> held = store.shared();
            nodes.restore(held);
            Instant now = clock.instant();
            SecretNodes.Listing listing = nodes.read();
            List<SharedSecret> active = listing.active();
            if (active.isEmpty()) {
                return;
            }
            SharedSecret newest = active.get(active.size() - 1);
            if (!now.isBefore(newest.created().plus(settings.rotateEvery()))) {
                nodes.rotate(settings.signingDelay());
            }
            for (int i = 0; i + 1 < active.size(); i++) {
                Instant successorSigns = active.get(i + 1).signsFrom();
                if (!now.isBefore(successorSigns.plus(settings.maxLifetime()))) {
                    nodes.retire(active.get(i).id());
                }
            }
        } catch (IOException | RuntimeException e) {
            if (!closed) {
                LOG.warn("The leader could not look after the macaroon secrets this time: {}", e.getMessage());
            }
        }
    }

    void refresh() {
        store.logSigningSwitch();
    }

    Optional<String> trouble() {
        Instant since = disconnectedSince;
        return since == null ? Optional.empty() : Optional.of("ZooKeeper disconnected since " + since);
    }

    /** Stops watching and leading; the client stays open for its owner to close. */
    void close() {
        closed = true;
        closeQuietly(leader, cache);
        duties.shutdown();
        try {
            if (!duties.awaitTermination(2, TimeUnit.SECONDS)) {
                duties.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            duties.shutdownNow();
        }
    }

    private void abandon(LeaderLatch latch, SecretsCache secretsCache) {
        closed = true;
        duties.shutdownNow();
        closeQuietly(latch, secretsCache);
    }

    private static void closeQuietly(LeaderLatch latch, SecretsCache cache) {
        if (cache != null) {
            cache.close();
        }
        if (latch != null) {
            try {
                latch.close();
            } catch (IOException | RuntimeException e) {
                LOG.debug("Closing the leader latch: {}", e.toString());
            }
        }
    }
}
