package org.gridgate.gateway.cluster;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.apache.curator.framework.CuratorFramework;
import org.gridgate.caveat.Revocations;
import org.gridgate.caveat.SecretStore;
import org.gridgate.caveat.SharedSecret;

/**
 * {@code gateway.jar secrets} on secrets shared through ZooKeeper: the same changes the leader door makes; and for
 * {@code tokens} and {@code inspect}, the revocation list and the secrets there.
 */
public final class ZooKeeperSecretAdmin implements AutoCloseable {
    private final CuratorFramework client;
    private final SecretNodes nodes;
    private final Clock clock;
    private final String path;

    private ZooKeeperSecretAdmin(CuratorFramework client, Clock clock, String path) {
        this.client = client;
        this.clock = clock;
        this.path = path;
        this.nodes = new SecretNodes(client, path, clock);
    }

    /** @throws IOException with one line, if ZooKeeper cannot be reached within the configured connect timeout */
    public static ZooKeeperSecretAdmin connect(ZooKeeperSettings settings, Clock clock) throws IOException {
        return new ZooKeeperSecretAdmin(ZooKeeperSecrets.connect(settings), clock, settings.path());
    }

    /** One active secret: its id and when it signs (from then on, unless a newer one signs). */
    public record Entry(String id, Instant signsFrom) {
    }

    /** The active secrets, the one that may sign last, last; empty if there are none yet. */
    public List<Entry> active() throws IOException {
        return nodes.read().active().stream().map(s -> new Entry(s.id(), s.signsFrom())).toList();
    }

    /** The id of the secret that signs now, of the active ones. */
    public static String signingNow(List<Entry> active, Instant now) {
        String signing = active.get(0).id();
        for (Entry entry : active) {
            if (!now.isBefore(entry.signsFrom())) {
                signing = entry.id();
            }
        }
        return signing;
    }

    public Instant now() {
        return clock.instant();
    }

    /** The first secret if there is none (returns whether it made one). */
    public boolean createFirstIfNone() throws IOException {
        boolean none = nodes.read().active().isEmpty();
        if (!none) {
            return false;
        }
        SharedSecret first = nodes.createFirstIfNone();
        return first.created().equals(first.signsFrom()) && active().size() == 1;
    }

    /** A new secret that verifies at once at every connected door and signs after {@code delay}. */
    public Entry rotate(Duration delay) throws IOException {
        SharedSecret fresh = nodes.rotate(delay);
        return new Entry(fresh.id(), fresh.signsFrom());
    }

    /**
     * @throws IllegalArgumentException if no active secret has that id
     * @throws IllegalStateException    if it is the only one
     */
    public void retire(String id) throws IOException {
        nodes.retire(id);
    }

    /** Every secret a door verifies with now, in memory only; empty if ZooKeeper holds none yet. */
    public Optional<SecretStore> secrets() throws IOException {
        SecretNodes.Listing listing = nodes.read();
        return listing.active().isEmpty() ? Optional.empty()
                : Optional.of(SecretStore.held(listing.active(), listing.retired(), clock));
    }

    /**
     * The doors' revocation list in ZooKeeper, read and changed there directly (compare-and-set).
     *
     * @throws IOException if the node does not hold a revocation list
     */
    public Revocations revocations() throws IOException {
        return ZooKeeperRevocations.direct(client, path, clock);
    }

    @Override
    public void close() {
        client.close();
    }
}
