package org.gridgate.gateway.cluster;

import java.io.IOException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.data.Stat;

/**
 * One ZooKeeper node whose whole content every door reads and replaces: the doors' shared lock table, their
 * revocation list. A change is a read, a computation and a write that ZooKeeper accepts only if the node is still
 * at the version read (compare-and-set); if another door changed it in between, the change is computed again on
 * what that door wrote. So two doors changing the node at once both land, without a lock held across doors.
 */
public final class SharedNode {
    /** Rounds a change may lose to other doors' changes before it gives up: only a flood of changes loses them. */
    private static final int MAX_ROUNDS = 100;
    /** How long {@link #readLatest} waits for ZooKeeper's sync before it gives up (the caller keeps what it held). */
    private static final long SYNC_WAIT_MILLIS = 5_000;

    private final CuratorFramework client;
    private final String path;

    public SharedNode(CuratorFramework client, String path) {
        this.client = client;
        this.path = path;
    }

    /**
     * The node's content and which change of it this is.
     *
     * @param data         empty when the node does not exist
     * @param modification ZooKeeper's id of the transaction that last changed the node, 0 when it does not exist:
     *                     equal ids mean equal content, so a reader may keep what it parsed from it
     */
    public record Content(byte[] data, long modification, int version) {
        static final Content ABSENT = new Content(new byte[0], 0, -1);

        boolean exists() {
            return version >= 0;
        }
    }

    /** What a change makes of the node's content: new bytes to write (null: leave it as it is), and its answer. */
    public record Outcome<T>(byte[] replacement, T answer) {
    }

    /** A change computed from the node's content; it may be run more than once, each time on fresher content. */
    @FunctionalInterface
    public interface Change<T, E extends Exception> {
        Outcome<T> apply(Content current) throws E;
    }

    public String path() {
        return path;
    }

    /** Whether ZooKeeper can be asked now; when it cannot, readers use what they hold rather than wait. */
    public boolean reachable() {
        return client.getZookeeperClient().isConnected();
    }

    public Content read() throws IOException {
        try {
            Stat stat = new Stat();
            byte[] data = client.getData().storingStatIn(stat).forPath(path);
            return new Content(data == null ? new byte[0] : data, stat.getMzxid(), stat.getVersion());
        } catch (KeeperException.NoNodeException e) {
            return Content.ABSENT;
        } catch (Exception e) {
            throw failure("read", e);
        }
    }

    /**
     * As {@link #read}, after ZooKeeper's {@code sync}: the server this door is connected to first catches up with
     * the ensemble's leader, so a change that any door made before this call is seen. A plain read may come from a
     * follower that lags behind. One more round trip; for checks that must see another door's latest change (a lock
     * taken there a moment ago), not for compare-and-set, whose write the leader checks anyway.
     */
    public Content readLatest() throws IOException {
        CountDownLatch synced = new CountDownLatch(1);
        try {
            client.sync().inBackground((ignored, event) -> synced.countDown()).forPath(path);
            if (!synced.await(SYNC_WAIT_MILLIS, TimeUnit.MILLISECONDS)) {
                throw new IOException("ZooKeeper did not sync " + path + " within " + SYNC_WAIT_MILLIS / 1000 + " s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while ZooKeeper synced " + path, e);
        } catch (IOException e) {
            throw e;
        } catch (Exception e) {
            throw failure("sync", e);
        }
        return read();
    }

    /**
     * Reads the node, applies {@code change} and writes its replacement if the node has not changed since; else
     * again, on the newer content.
     *
     * @throws IOException when ZooKeeper cannot be reached, or other doors' changes won {@value #MAX_ROUNDS} times
     */
    public <T, E extends Exception> T update(Change<T, E> change) throws IOException, E {
        for (int round = 0; round < MAX_ROUNDS; round++) {
            Content current = read();
            Outcome<T> outcome = change.apply(current);
            if (outcome.replacement() == null) {
                return outcome.answer();
            }
            try {
                if (current.exists()) {
                    client.setData().withVersion(current.version()).forPath(path, outcome.replacement());
                } else {
                    client.create().creatingParentsIfNeeded().forPath(path, outcome.replacement());
                }
                return outcome.answer();
            } catch (KeeperException.BadVersionException | KeeperException.NodeExistsException
                     | KeeperException.NoNodeException e) {
                // another door changed, created or deleted the node since it was read: compute again
            } catch (Exception e) {
                throw failure("change", e);
            }
        }
        throw new IOException("ZooKeeper node " + path + " kept changing under " + MAX_ROUNDS + " attempts to change it");
    }

    private IOException failure(String what, Exception e) {
        if (e instanceof InterruptedException) {
            Thread.currentThread().interrupt();
        }
        return new IOException("could not " + what + " ZooKeeper node " + path + ": " + e.getMessage(), e);
    }
}
