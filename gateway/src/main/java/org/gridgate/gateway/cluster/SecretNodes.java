package org.gridgate.gateway.cluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.recipes.locks.InterProcessMutex;
import org.apache.zookeeper.KeeperException;
import org.gridgate.caveat.SharedSecret;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The macaroon secrets in ZooKeeper, below the doors' root node:
 * <pre>
 * ROOT/secrets/ID   one node per active secret: {@link SharedSecret#encode()} (the key: protect ZooKeeper with ACLs)
 * ROOT/retired/ID   one node per retired secret: when it was retired (no key)
 * ROOT/lock         a Curator mutex: every change is made under it, on the nodes as they are then
 * </pre>
 * A secret id may contain {@code /} and {@code +}, so a node is named by the id in the base64url alphabet. Used by
 * the leader door and by {@code gateway.jar secrets}.
 */
final class SecretNodes {
    private static final Logger LOG = LoggerFactory.getLogger(SecretNodes.class);
    private static final Duration LOCK_WAIT = Duration.ofSeconds(30);

    private final CuratorFramework client;
    private final String root;
    private final Clock clock;
    private final InterProcessMutex lock;

    SecretNodes(CuratorFramework client, String root, Clock clock) {
        this.client = client;
        this.root = root;
        this.clock = clock;
        this.lock = new InterProcessMutex(client, root + "/lock");
    }

    /** What ZooKeeper holds: active secrets by the time they may sign, retired ids, and nodes that did not read. */
    record Listing(List<SharedSecret> active, Map<String, Instant> retired, List<String> unreadable) {
    }

    String secretsPath() {
        return root + "/secrets";
    }

    String retiredPath() {
        return root + "/retired";
    }

    static String nodeName(String id) {
        return id.replace('/', '_').replace('+', '-');
    }

    /** The id a node is named by (ids are standard base64, which has neither {@code _} nor {@code -}). */
    static String idOf(String nodeName) {
        return nodeName.replace('_', '/').replace('-', '+');
    }

    /** The secret a node holds, checked against the node's name. */
    static SharedSecret secretOf(String nodeName, byte[] data) throws IOException {
        SharedSecret secret = SharedSecret.decode(data == null ? new byte[0] : data);
        if (!nodeName(secret.id()).equals(nodeName)) {
            throw new IOException("the node's name is not the id of the secret it holds");
        }
        return secret;
    }

    static Instant retiredAt(byte[] data) {
        try {
            return Instant.parse(new String(data == null ? new byte[0] : data, StandardCharsets.US_ASCII).strip());
        } catch (DateTimeParseException e) {
            return Instant.EPOCH; // retired all the same: only the date is unreadable
        }
    }

    /** Active secrets ordered as the store wants them: the one that may sign last, last. */
    static List<SharedSecret> ordered(List<SharedSecret> secrets) {
        List<SharedSecret> sorted = new ArrayList<>(secrets);
        sorted.sort(Comparator.comparing(SharedSecret::signsFrom).thenComparing(SharedSecret::created)
                .thenComparing(SharedSecret::id));
        return sorted;
    }

    Listing read() throws IOException {
        return call(() -> {
            List<SharedSecret> active = new ArrayList<>();
            List<String> unreadable = new ArrayList<>();
            for (String name : children(secretsPath())) {
                try {
                    active.add(secretOf(name, client.getData().forPath(secretsPath() + "/" + name)));
                } catch (KeeperException.NoNodeException e) {
                    // removed since the listing: retired meanwhile
                } catch (IOException e) {
                    unreadable.add(name + " (" + e.getMessage() + ")");
                }
            }
            Map<String, Instant> retired = new LinkedHashMap<>();
            for (String name : children(retiredPath())) {
                try {
                    retired.put(idOf(name), retiredAt(client.getData().forPath(retiredPath() + "/" + name)));
                } catch (KeeperException.NoNodeException e) {
                    // cleaned up since the listing
                }
            }
            return new Listing(ordered(active), retired, unreadable);
        });
    }

    private List<String> children(String path) throws Exception {
        try {
            return client.getChildren().forPath(path);
        } catch (KeeperException.NoNodeException e) {
            return List.of();
        }
    }

    /**
     * Makes the first secret, signing at once, if ZooKeeper holds none that reads: doors starting together agree,
     * because each looks under the lock. Returns the secret that signs now either way.
     */
    SharedSecret createFirstIfNone() throws IOException {
        return locked(() -> {
            Listing listing = read();
            if (!listing.active().isEmpty()) {
                return listing.active().get(listing.active().size() - 1);
            }
            Instant now = clock.instant();
            SharedSecret first = SharedSecret.generate(now, now);
            create(first);
            LOG.info("Created the first macaroon secret {} in ZooKeeper", first.id());
            return first;
        });
    }

    /** Adds a new secret that verifies at once and signs after {@code delay}. */
    SharedSecret rotate(Duration delay) throws IOException {
        return locked(() -> {
            Listing listing = read();
            Instant now = clock.instant();
            SharedSecret fresh;
            do {
                fresh = SharedSecret.generate(now, now.plus(delay));
            } while (known(listing, fresh.id()));
            create(fresh);
            LOG.info("Rotated macaroon secrets in ZooKeeper: {} verifies now and signs new macaroons from {}",
                    fresh.id(), fresh.signsFrom());
            return fresh;
        });
    }

    private static boolean known(Listing listing, String id) {
        return listing.retired().containsKey(id)
                || listing.active().stream().anyMatch(s -> s.id().equals(id));
    }

    /**
     * Retires {@code id}: marked retired first, then its key deleted, so a door that sees the node go knows why.
     *
     * @throws IllegalArgumentException if no active secret has that id
     * @throws IllegalStateException    if it is the only one
     */
    void retire(String id) throws IOException {
        locked(() -> {
            Listing listing = read();
            if (listing.active().stream().noneMatch(s -> s.id().equals(id))) {
                throw new IllegalArgumentException("no active secret with id " + id);
            }
            if (listing.active().size() == 1) {
                throw new IllegalStateException("cannot retire the only active secret " + id + "; rotate first");
            }
            client.create().orSetData().creatingParentsIfNeeded().forPath(retiredPath() + "/" + nodeName(id),
                    clock.instant().toString().getBytes(StandardCharsets.US_ASCII));
            client.delete().forPath(secretsPath() + "/" + nodeName(id));
            LOG.info("Retired macaroon secret {} in ZooKeeper", id);
            return null;
        });
    }

    /**
     * Writes back each of {@code held} whose node is gone or no longer reads, unless it was retired: a node deleted
     * or damaged by hand must not take a secret away that doors still sign or verify with.
     */
    void restore(List<SharedSecret> held) throws IOException {
        locked(() -> {
            Listing listing = read();
            for (SharedSecret secret : held) {
                if (!known(listing, secret.id())) {
                    client.create().orSetData().creatingParentsIfNeeded()
                            .forPath(secretsPath() + "/" + nodeName(secret.id()), secret.encode());
                    LOG.warn("Macaroon secret {} was missing or unreadable in ZooKeeper; wrote it back", secret.id());
                }
            }
            return null;
        });
    }

    private void create(SharedSecret secret) throws Exception {
        client.create().creatingParentsIfNeeded().forPath(secretsPath() + "/" + nodeName(secret.id()),
                secret.encode());
    }

    private <T> T locked(Callable<T> change) throws IOException {
        return call(() -> {
            if (!lock.acquire(LOCK_WAIT.toSeconds(), TimeUnit.SECONDS)) {
                throw new IOException("the secrets lock " + root + "/lock is still held after "
                        + LOCK_WAIT.toSeconds() + " s");
            }
            try {
                return change.call();
            } finally {
                lock.release();
            }
        });
    }

    private static <T> T call(Callable<T> work) throws IOException {
        try {
            return work.call();
        } catch (IOException | IllegalArgumentException | IllegalStateException e) {
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while talking to ZooKeeper", e);
        } catch (Exception e) {
            throw new IOException("ZooKeeper: " + e.getMessage(), e);
        }
    }
}
