package org.gridgate.gateway.server;

import java.io.IOException;
import java.util.Optional;
import org.gridgate.caveat.SecretStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How a door keeps its macaroon secrets in step with the other doors: by re-reading a shared secrets file
 * ({@link #file}), or through ZooKeeper ({@code cluster/ZooKeeperSecrets}). Either way the door's {@link SecretStore}
 * holds every secret it verifies with, so losing the shared source never stops verification or minting.
 */
public interface SecretSharing extends AutoCloseable {

    /** Called every {@link DoorServer#SECRET_RELOAD_SECONDS} seconds from the door's housekeeping thread. */
    void refresh();

    /** Why the door should not take new traffic because of its secrets (e.g. ZooKeeper lost); empty when fine. */
    Optional<String> trouble();

    @Override
    void close();

    /** Secrets in a file that every door re-reads (also the single door's default). */
    static SecretSharing file(SecretStore store) {
        return new SecretSharing() {
            private final Logger log = LoggerFactory.getLogger(SecretSharing.class);

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
