package org.gridgate.gateway.cluster;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.recipes.cache.ChildData;
import org.apache.curator.framework.recipes.cache.CuratorCache;
import org.apache.curator.framework.recipes.cache.CuratorCacheListener;
import org.gridgate.caveat.RevocationStore;
import org.gridgate.caveat.Revocations;

/**
 * The revocation list every door shares: one ZooKeeper node ({@code <path>/revocations}) holding the text of the file
 * beside the secrets, changed by compare-and-set ({@link SharedNode}), so two admins revoking at once both land.
 *
 * <p>A door watches the node with a Curator cache, and every change it reports is taken at once, so a revocation
 * reaches every connected door well within 5 s; the door's periodic reload re-reads the cache as a second line. The
 * door reads only the cache, never ZooKeeper itself: while disconnected it keeps checking the list it holds without
 * waiting on the network, and the cache catches up on reconnect. A node that does not read is logged once and
 * ignored ({@link Revocations#refresh}).
 */
public final class ZooKeeperRevocations implements AutoCloseable {
    private final CuratorCache cache;
    private final Revocations revocations;

    private ZooKeeperRevocations(CuratorCache cache, Revocations revocations) {
        this.cache = cache;
        this.revocations = revocations;
    }

    /**
     * Starts watching {@code <root>/revocations} with {@code client} (connected; not closed here), takes the list.
     *
     * @throws IOException if the node cannot be read within {@code timeout}, or does not hold a revocation list: a
     *                     door does not start without a list it can check (fails closed, as with the file)
     */
    public static ZooKeeperRevocations start(CuratorFramework client, String root, Clock clock, Duration timeout)
            throws IOException {
        SharedNode node = node(client, root);
        CuratorCache cache = CuratorCache.build(client, node.path(), CuratorCache.Options.SINGLE_NODE_CACHE);
        // Set once the cache has loaded; the listener may fire before.
        AtomicReference<Revocations> started = new AtomicReference<>();
        CountDownLatch loaded = new CountDownLatch(1);
        cache.listenable().addListener(CuratorCacheListener.builder()
                .forAll((type, before, after) -> {
                    Revocations revocations = started.get();
                    if (revocations != null) {
                        revocations.refresh(); // parses the cache's copy: nothing here waits on ZooKeeper
                    }
                })
                .forInitialized(loaded::countDown)
                .build());
        try {
            cache.start();
            if (!loaded.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IOException("ZooKeeper did not return the revocation list " + node.path() + " within "
                        + timeout.toSeconds() + " s");
            }
            Revocations revocations = Revocations.shared(new Cached(cache, node), clock);
            started.set(revocations);
            revocations.refresh(); // a change between the cache's load and the listener's start
            return new ZooKeeperRevocations(cache, revocations);
        } catch (IOException | RuntimeException e) {
            cache.close();
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            cache.close();
            throw new IOException("interrupted while reading the revocation list from ZooKeeper", e);
        }
    }

    /** For an admin ({@code gateway.jar tokens}): the node read and changed directly, no cache. */
    static Revocations direct(CuratorFramework client, String root, Clock clock) throws IOException {
        return Revocations.shared(new Direct(node(client, root)), clock);
    }

    private static SharedNode node(CuratorFramework client, String root) {
        return new SharedNode(client, root + "/revocations");
    }

    public Revocations revocations() {
        return revocations;
    }

    @Override
    public void close() {
        cache.close();
    }

    /** Reads and changes the node in ZooKeeper. */
    private record Direct(SharedNode node) implements RevocationStore {
        @Override
        public byte[] read() throws IOException {
            return node.read().data();
        }

        @Override
        public byte[] update(UnaryOperator<byte[]> change) throws IOException {
            return node.update(current -> {
                byte[] replacement = change.apply(current.data());
                return new SharedNode.Outcome<>(replacement, replacement);
            });
        }

        @Override
        public String describe() {
            return "in ZooKeeper node " + node.path();
        }
    }

    /** Reads what the cache last saw of the node, never waiting on ZooKeeper; changes go to ZooKeeper. */
    private record Cached(CuratorCache cache, SharedNode node) implements RevocationStore {
        @Override
        public byte[] read() {
            return cache.get(node.path()).map(ChildData::getData).orElse(new byte[0]);
        }

        @Override
        public byte[] update(UnaryOperator<byte[]> change) throws IOException {
            return new Direct(node).update(change);
        }

        @Override
        public String describe() {
            return new Direct(node).describe();
        }
    }
}
