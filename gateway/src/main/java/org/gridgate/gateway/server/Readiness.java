package org.gridgate.gateway.server;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * Whether the door is ready for new traffic ({@code GET /ready}): not draining, its secrets usable (loaded, and
 * ZooKeeper connected where configured), its storage root a writable directory. The storage check touches the
 * file system, so {@link #check()} runs on the housekeeping thread and {@code /ready} answers from its last result.
 */
final class Readiness {
    private final BooleanSupplier draining;
    private final SharedState secrets;
    private final Path storageRoot;
    private volatile List<String> problems = List.of();

    /** @param storageRoot checked for writing; null checks none */
    Readiness(BooleanSupplier draining, SharedState secrets, Path storageRoot) {
        this.draining = draining;
        this.secrets = secrets;
        this.storageRoot = storageRoot;
    }

    /** Looks again; blocking (a file system call). */
    void check() {
        List<String> found = new ArrayList<>();
        secrets.trouble().ifPresent(found::add);
        if (storageRoot != null && !(Files.isDirectory(storageRoot) && Files.isWritable(storageRoot))) {
            found.add("storage root " + storageRoot + " is not a writable directory");
        }
        problems = List.copyOf(found);
    }

    /** What keeps the door from taking new traffic, as of the last check (draining at once); empty if ready. */
    Optional<String> notReady() {
        if (draining.getAsBoolean()) {
            return Optional.of("draining");
        }
        List<String> now = problems;
        return now.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", now));
    }
}
