package org.gridgate.gateway.cluster;

import java.io.IOException;
import java.time.Clock;
import java.util.Optional;
import org.apache.curator.framework.CuratorFramework;
import org.gridgate.caveat.SecretStore;
import org.gridgate.gateway.server.SharedState;
import org.gridgate.gateway.webdav.LockTable;

/**
 * What a door shares with the other doors through ZooKeeper, over one Curator client (one session) that this
 * object owns: the macaroon secrets ({@link ZooKeeperSecrets}, under {@code <path>/secrets}) and the WebDAV lock
 * table ({@link ZooKeeperLocks}, {@code <path>/locks}).
 */
public final class ZooKeeperState implements SharedState {
    private final CuratorFramework client;
    private final ZooKeeperSecrets secrets;
    private final ZooKeeperLocks locks;

    private ZooKeeperState(CuratorFramework client, ZooKeeperSecrets secrets, ZooKeeperLocks locks) {
        this.client = client;
        this.secrets = secrets;
        this.locks = locks;
    }

    /**
     * Connects, takes the secrets ZooKeeper holds (creating the first if there is none) and starts watching them.
     *
     * @param doorName how this door is named among the secrets' leader latch's participants (host:port)
     * @throws IOException with one line saying why, if ZooKeeper cannot be reached in time or holds no usable secret
     */
    public static ZooKeeperState start(ZooKeeperSettings settings, Clock clock, String doorName) throws IOException {
        CuratorFramework client = ZooKeeperSecrets.connect(settings);
        try {
            ZooKeeperSecrets secrets = ZooKeeperSecrets.start(client, settings, clock, doorName);
            return new ZooKeeperState(client, secrets,
                    new ZooKeeperLocks(new SharedNode(client, settings.path() + "/locks")));
        } catch (IOException | RuntimeException e) {
            client.close();
            throw e;
        }
    }

    /** The secrets this door verifies and signs with, kept in step with ZooKeeper. */
    public SecretStore store() {
        return secrets.store();
    }

    /** Whether this door leads the secrets' rotation now (for tests and the log). */
    public boolean isLeader() {
        return secrets.isLeader();
    }

    @Override
    public LockTable locks() {
        return locks;
    }

    @Override
    public void refresh() {
        secrets.refresh();
    }

    @Override
    public Optional<String> trouble() {
        return secrets.trouble();
    }

    @Override
    public void close() {
        secrets.close();
        client.close();
    }
}
