package org.gridgate.certs;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Runs a real grid tool. Absent tool: the test is skipped on a dev machine but fails when {@code CI=true}, so CI
 * never passes by silently skipping.
 */
final class ExternalTool {
    private static final long TIMEOUT_SECONDS = 60;

    private ExternalTool() {
    }

    static void require(String name) {
        boolean present = List.of(System.getenv().getOrDefault("PATH", "").split(":")).stream()
                .filter(dir -> !dir.isEmpty())
                .anyMatch(dir -> Files.isExecutable(Path.of(dir, name)));
        if (!present && "true".equals(System.getenv("CI"))) {
            fail(name + " is not installed but CI=true requires the real-tool tests to run");
        }
        Assumptions.assumeTrue(present, name + " is not installed: skipping (install it or the test fails in CI)");
    }

    record Result(int exitCode, String output) {
    }

    /** Runs the command with stdin closed; output is stdout and stderr together. */
    static Result run(Map<String, String> environment, String... command) throws IOException, InterruptedException {
        require(command[0]);
        ProcessBuilder builder = new ProcessBuilder(new ArrayList<>(List.of(command)))
                .redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        builder.environment().putAll(environment);
        Process process = builder.start();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail(command[0] + " did not finish");
        }
        return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8));
    }

    static Result run(String... command) throws IOException, InterruptedException {
        return run(Map.of(), command);
    }
}
