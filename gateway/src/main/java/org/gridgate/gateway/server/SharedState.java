package org.gridgate.gateway.server;

import java.io.IOException;
import java.util.Optional;
import org.gridgate.caveat.SecretStore;
import org.gridgate.gateway.webdav.LockTable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a door shares with the other doors of the service, and how: its macaroon secrets, kept in step by re-reading
 * a shared secrets file ({@link #file}), or through ZooKeeper ({@code cluster/ZooKeeperState}), which also shares
 * the WebDAV locks. Either way the door's {@link SecretStore} holds every secret it verifies with, so losing the
 * shared source never stops verification or minting.
 */
public interface SharedState extends AutoCloseable {

    /** Called every {@link DoorServer#SECRET_RELOAD_SECONDS} seconds from the door's housekeeping thread. */
    void refresh();

    /** Why the door should not take new traffic because of its secrets (e.g. ZooKeeper lost); empty when fine. */
    Optional<String> trouble();

    /** Where the door keeps its WebDAV locks. */
    LockTable locks();

    @Override
    void close();

    /**
     * Secrets in a file that every door re-reads (also the single door's default). Locks stay in this door's
     * memory: doors that share only a file do not share locks (README, "Several doors").
     */
    static SharedState file(SecretStore store) {
        return new SharedState() {
            private final Logger log = LoggerFactory.getLogger(SharedState.class);
            private final LockTable locks = LockTable.inMemory();

            @Override
            public LockTable locks() {
                return locks;
            }

            @Override
            public void refresh() {
                try {
                    store.reload();
                } catch (IOException | RuntimeException e) {
                    log.warn("Could not re-read the macaroon secrets file, keeping the keys in memory: {}",
                            e.toString());
                    store.logSigningSwitch();
                }
            }

            @Override
            public Optional<String> trouble() {
                return Optional.empty();
            }

            @Override
            public void close() {
            }
        };
    }
}
