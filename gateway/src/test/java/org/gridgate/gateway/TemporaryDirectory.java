package org.gridgate.gateway;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Removal of the temporary directories that test fixtures make for themselves (JUnit's {@code @TempDir} aside). */
final class TemporaryDirectory {

    private TemporaryDirectory() {
    }

    /**
     * Deletes {@code dir} and everything below it, deepest first; links are removed, never followed. Whatever
     * cannot be deleted stays: a temporary directory left behind is harmless, a test failing over it is not.
     */
    static void deleteQuietly(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException ignored) {
            // see above
        }
    }
}
