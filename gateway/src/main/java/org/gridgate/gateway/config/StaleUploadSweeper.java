package org.gridgate.gateway.config;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import org.gridgate.storage.PosixStorage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes the hidden temporary files of uploads a killed door left behind. It walks the whole tree, so it runs
 * once, in the background, at start-up; several doors doing it at once is harmless, and a live upload is never
 * touched because each write refreshes its file's age.
 */
final class StaleUploadSweeper {

    static final Duration STALE_AFTER = Duration.ofHours(24);
    private static final Logger LOG = LoggerFactory.getLogger(StaleUploadSweeper.class);

    private StaleUploadSweeper() {
    }

    static void startInBackground(Path storageRoot) {
        Thread sweeper = new Thread(() -> {
            try {
                int removed = PosixStorage.sweepStaleUploads(storageRoot, STALE_AFTER);
                if (removed > 0) {
                    LOG.info("Removed {} stale partial upload(s) under {}", removed, storageRoot);
                }
            } catch (IOException e) {
                LOG.warn("Could not sweep stale uploads under {}: {}", storageRoot, e.toString());
            }
        }, "stale-upload-sweeper");
        sweeper.setDaemon(true);
        sweeper.start();
    }
}
