package org.gridgate.storage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A small filesystem mounted for one test (a full tmpfs, one without extended attributes...). Mounting needs root
 * and CAP_SYS_ADMIN; where that is not available {@link #mount} gives nothing and the test is skipped, never failed.
 */
final class ScratchFilesystem implements AutoCloseable {
    private final Path directory;

    private ScratchFilesystem(Path directory) {
        this.directory = directory;
    }

    /** Mounts a {@code type} filesystem with {@code options} (none if empty) on {@code directory}, creating it. */
    static Optional<ScratchFilesystem> mount(Path directory, String type, String options)
            throws IOException, InterruptedException {
        Files.createDirectories(directory);
        List<String> command = new ArrayList<>(List.of("mount", "-t", type));
        if (!options.isEmpty()) {
            command.addAll(List.of("-o", options));
        }
        command.addAll(List.of(type, directory.toString()));
        return run(command) ? Optional.of(new ScratchFilesystem(directory)) : Optional.empty();
    }

    Path directory() {
        return directory;
    }

    @Override
    public void close() throws IOException {
        try {
            run(List.of("umount", directory.toString()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while unmounting " + directory, e);
        }
    }

    private static boolean run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        // a bound so that a hung mount cannot hang the build; not a timing assertion
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            return false;
        }
        return process.exitValue() == 0;
    }
}
