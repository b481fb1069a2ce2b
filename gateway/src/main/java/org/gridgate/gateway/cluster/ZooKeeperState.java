package org.gridgate.gateway.cluster;

import java.io.IOException;
import java.time.Clock;
import java.util.Optional;
import org.apache.curator.framework.CuratorFramework;
import org.gridgate.caveat.Revocations;
import org.gridgate.caveat.SecretStore;
import org.gridgate.gateway.server.SharedState;
import org.gridgate.gateway.webdav.LockTable;

/**
 * What a door shares with the other doors through ZooKeeper, over one Curator client (one session) that this
 * object owns: the macaroon secrets ({@link ZooKeeperSecrets}, under {@code <path>/secrets}) and the WebDAV lock
 * table ({@link ZooKeeperLocks}, {@code <path>/locks}) and the revocation list ({@link ZooKeeperRevocations},
 * {@code <path>/revocations}).
 */
public final class ZooKeeperState implements SharedState {
    private final CuratorFramework client;
    private final ZooKeeperSecrets secrets;
    private final ZooKeeperLocks locks;
    private final ZooKeeperRevocations revocations;

    private ZooKeeperState(CuratorFramework client, ZooKeeperSecrets secrets, ZooKeeperLocks locks,
                           ZooKeeperRevocations revocations) {
        this.client = client;
        this.secrets = secrets;
        this.locks = locks;
        this.revocations = revocations;
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
            ZooKeeperRevocations revocations;
            try {
                revocations = ZooKeeperRevocations.start(client, settings.path(), clock, settings.connectTimeout());
            } catch (IOException | RuntimeException e) {
                secrets.close();
                throw e;
            }
            return new ZooKeeperState(client, secrets,
                    new ZooKeeperLocks(new SharedNode(client, settings.path() + "/locks")), revocations);
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

    /** The revocation list, kept in step with ZooKeeper within a moment of every change. */
    public Revocations revocations() {
        return revocations.revocations();
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
        revocations.close();
        secrets.close();
        client.close();
    }
}
