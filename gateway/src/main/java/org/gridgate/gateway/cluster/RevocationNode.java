package org.gridgate.gateway.cluster;

import java.io.IOException;
import java.util.function.UnaryOperator;
import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.data.Stat;
import org.gridgate.caveat.RevocationStore;

/**
 * The revocation list in one ZooKeeper node, {@code ROOT/revocations}, in the text of the file beside the secrets.
 * A change is a compare-and-set on the node's version (created if absent), tried again when another admin wrote in
 * between, so two admins revoking at once both land. It holds no secret.
 */
final class RevocationNode implements RevocationStore {
    /** Far more than admins ever race; a loop that still loses is a bug or a storm, reported rather than spun. */
    private static final int MAX_ATTEMPTS = 100;

    private final CuratorFramework client;
    private final String path;

    RevocationNode(CuratorFramework client, String root) {
        this.client = client;
        this.path = root + "/revocations";
    }

    String path() {
        return path;
    }

    @Override
    public byte[] read() throws IOException {
        try {
            byte[] data = client.getData().forPath(path);
            return data == null ? new byte[0] : data;
        } catch (KeeperException.NoNodeException e) {
            return new byte[0];
        } catch (Exception e) {
            throw failure(e);
        }
    }

    @Override
    public byte[] update(UnaryOperator<byte[]> change) throws IOException {
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            try {
                Stat stat = new Stat();
                byte[] current;
                boolean exists;
                try {
                    current = client.getData().storingStatIn(stat).forPath(path);
                    exists = true;
                } catch (KeeperException.NoNodeException e) {
                    current = new byte[0];
                    exists = false;
                }
                byte[] next = change.apply(current == null ? new byte[0] : current);
                if (exists) {
                    client.setData().withVersion(stat.getVersion()).forPath(path, next);
                } else {
                    client.create().creatingParentsIfNeeded().forPath(path, next);
                }
                return next;
            } catch (KeeperException.BadVersionException | KeeperException.NodeExistsException
                     | KeeperException.NoNodeException e) {
                // Another admin wrote (or removed the node) since the read: apply the change to what is there now.
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw failure(e);
            }
        }
        throw new IOException("ZooKeeper node " + path + " kept changing under " + MAX_ATTEMPTS + " attempts to "
                + "change it");
    }

    @Override
    public String describe() {
        return "in ZooKeeper node " + path;
    }

    private IOException failure(Exception e) {
        if (e instanceof InterruptedException) {
            Thread.currentThread().interrupt();
        }
        return e instanceof IOException io ? io : new IOException("ZooKeeper node " + path + ": " + e.getMessage(), e);
    }
}
