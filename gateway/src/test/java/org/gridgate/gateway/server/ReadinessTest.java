package org.gridgate.gateway.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@code /ready} says, from what {@link Readiness} last found. */
class ReadinessTest {
    @TempDir
    Path dir;

    private final AtomicBoolean draining = new AtomicBoolean();
    private final AtomicReference<Optional<String>> secretTrouble = new AtomicReference<>(Optional.empty());

    private final SharedState secrets = new SharedState() {
        @Override
        public void refresh() {
        }

        @Override
        public Optional<String> trouble() {
            return secretTrouble.get();
        }

        @Override
        public org.gridgate.gateway.webdav.LockTable locks() {
            return org.gridgate.gateway.webdav.LockTable.inMemory();
        }

        @Override
        public void close() {
        }
    };

    @Test
    void readyWhenNothingIsWrong() {
        Readiness readiness = new Readiness(draining::get, secrets, dir);
        readiness.check();
        assertThat(readiness.notReady()).isEmpty();
    }

    @Test
    void drainingIsNotReadyAtOnceWithoutWaitingForACheck() {
        Readiness readiness = new Readiness(draining::get, secrets, dir);
        readiness.check();
        draining.set(true);
        assertThat(readiness.notReady()).contains("draining");
    }

    @Test
    void zooKeeperLostAndAStorageRootThatIsNoDirectoryAreBothNamed() throws Exception {
        Path notADirectory = Files.writeString(dir.resolve("file"), "x");
        Readiness readiness = new Readiness(draining::get, secrets, notADirectory);
        secretTrouble.set(Optional.of("ZooKeeper disconnected since 2026-12-04T10:00:00Z"));

        readiness.check();

        assertThat(readiness.notReady()).contains("ZooKeeper disconnected since 2026-12-04T10:00:00Z; storage root "
                + notADirectory + " is not a writable directory");
        secretTrouble.set(Optional.empty());
        Files.delete(notADirectory);
        Files.createDirectory(notADirectory);
        readiness.check();
        assertThat(readiness.notReady()).isEmpty();
    }
}
