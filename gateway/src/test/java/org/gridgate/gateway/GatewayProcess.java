package org.gridgate.gateway;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The shipped jar run as its own process, as a user runs it: {@code java FLAGS -jar target/gateway.jar ARGS}. Its
 * output goes to files (a pipe nobody drains could block it). Every wait is bounded and fails the test with
 * everything the process printed; {@link #close} kills whatever is still running.
 */
final class GatewayProcess implements AutoCloseable {

    private static final long POLL_MILLIS = 100;

    private final Process process;
    private final Path stdout;
    private final Path stderr;

    private GatewayProcess(Process process, Path stdout, Path stderr) {
        this.process = process;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    /**
     * Starts the jar the failsafe plugin names in {@code gateway.jar} (built in the package phase) as the README
     * does: with the environment and java flags of its command line for {@code args[0]} ({@code dev}, {@code serve}).
     */
    static GatewayProcess start(Path outputDirectory, String... args) throws IOException {
        return start(outputDirectory, ShippedJvmFlags.readme(args[0]), ShippedJvmFlags.readmeEnvironment(args[0]),
                args);
    }

    /** A command the README runs as plain {@code java -jar gateway.jar ...} ({@code config check}). */
    static GatewayProcess startPlain(Path outputDirectory, String... args) throws IOException {
        return start(outputDirectory, List.of(), Map.of(), args);
    }

    private static GatewayProcess start(Path outputDirectory, List<String> flags, Map<String, String> environment,
                                        String... args) throws IOException {
        String jar = System.getProperty("gateway.jar");
        if (jar == null || !Files.isRegularFile(Path.of(jar))) {
            fail("no shaded jar at " + jar + ": the *IT tests run in ./mvnw verify, after the package phase");
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(flags);
        command.addAll(List.of("-jar", jar));
        command.addAll(List.of(args));
        Path out = Files.createTempFile(outputDirectory, "gateway", ".out");
        Path err = Files.createTempFile(outputDirectory, "gateway", ".err");
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().putAll(environment);
        Process process = builder.start();
        return new GatewayProcess(process, out, err);
    }

    /** Kills the process at once (SIGKILL), as a crash: nothing it holds is finished or cleaned up. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    /** Waits until a whole line of stdout matches {@code pattern}; fails if the process ends or time runs out. */
    Matcher awaitLine(Pattern pattern, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            boolean alive = process.isAlive(); // before reading: a line printed just before exiting still counts
            for (String line : stdout().lines().toList()) {
                Matcher matcher = pattern.matcher(line);
                if (matcher.matches()) {
                    return matcher;
                }
            }
            if (!alive) {
                fail("the gateway exited with " + process.exitValue() + " before printing " + pattern + "\n"
                        + output());
            }
            if (System.nanoTime() > deadline) {
                fail("no line " + pattern + " within " + timeout + "\n" + output());
            }
            Thread.sleep(POLL_MILLIS);
        }
    }

    /** Sends SIGTERM, as systemd and kill do ({@link Process#destroy} on Linux), and returns at once. */
    void sigterm() {
        process.destroy();
    }

    /** Sends SIGTERM and returns the exit code. */
    int stop(Duration timeout) throws InterruptedException {
        sigterm();
        return awaitExit(timeout);
    }

    int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            fail("the gateway still runs after " + timeout + "\n" + output());
        }
        return process.exitValue();
    }

    String stdout() {
        return read(stdout);
    }

    String stderr() {
        return read(stderr);
    }

    /** Both outputs, for a failure message. */
    String output() {
        return "--- stdout\n" + stdout() + "--- stderr\n" + stderr();
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
