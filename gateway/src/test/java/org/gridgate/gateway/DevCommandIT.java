package org.gridgate.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's first command on the shipped jar, {@code java FLAGS -jar gateway.jar dev} with the README's java
 * flags (the door's memory defaults, {@link ShippedJvmFlags}): it makes its PKI from nothing and prints commands
 * to paste; those commands, run verbatim by bash with the real curl, mint with the user proxy, upload with the
 * bearer macaroon and download the file back. SIGTERM then drains the door and it exits with 0.
 */
class DevCommandIT {

    static final Pattern LISTENING = Pattern.compile("listening on https://localhost:(\\d+)/");
    static final String PASTE_HERE = "Paste these into another shell:";
    static final Pattern ACCESS_LINE = Pattern.compile("(?m)^127\\.0\\.0\\.1 - \"macaroon [^\"]+\" "
            + LoggingConfigurationTest.ACCESS_TIME + " \"GET /atlas/out/file1 HTTP/1\\.1\" 200 21 \"-\" \"curl/[^\"]+\" 0 "
            + "[\\d.]+ms [0-9a-f]{16} \"-\"$");

    @TempDir
    Path dir;

    @Test
    void printedCommandsRunTheLoopAndSigtermStopsTheDoorWithExitCodeZero() throws Exception {
        ExternalTool.require("curl");
        Path devDir = dir.resolve("dev");
        try (GatewayProcess dev = GatewayProcess.start(dir, "dev", "--port", "0", "--dir", devDir.toString())) {
            // the first start makes a CA, host and user keys: seconds on a busy machine
            dev.awaitLine(LISTENING, Duration.ofSeconds(90));
            assertThat(dev.stderr()).as("the README's java flags reached the JVM")
                    .contains("direct memory at most " + ShippedJvmFlags.directMemoryMiB("dev") + " MiB");

            ExternalTool.Result loop = ExternalTool.bash("set -e\n" + pastedCommands(dev.stdout()), Map.of(), 120);

            assertThat(loop.exitCode()).as(loop.stderr()).isZero();
            assertThat(loop.stdout()).as("the request answered with a macaroon").contains("\"macaroon\"");
            assertThat(loop.stdout()).as("the download printed what was uploaded")
                    .endsWith("hello from a desktop\n");
            assertThat(Files.readString(devDir.resolve("data/atlas/out/file1"))).isEqualTo("hello from a desktop\n");

            assertThat(dev.stop(Duration.ofSeconds(30))).as(dev::output).isZero();
            assertThat(dev.stderr()).contains("Draining")
                    .as("Logback says nothing of itself on a normal start").doesNotContain("ch.qos.logback");
            assertThat(dev.stdout()).as("the download's line in the access log, written by its asynchronous "
                    + "appender to stdout").containsPattern(ACCESS_LINE);
        }
    }

    /** The indented lines after "Paste these into another shell:", up to the blank line that ends them. */
    private static String pastedCommands(String welcome) {
        List<String> lines = welcome.lines().toList();
        int first = lines.indexOf(PASTE_HERE) + 1;
        assertThat(first).as("the welcome text has commands to paste:\n%s", welcome).isPositive();
        String commands = lines.subList(first, lines.size()).stream()
                .takeWhile(line -> !line.isBlank())
                .map(String::strip)
                .collect(Collectors.joining("\n"));
        assertThat(commands).contains("curl");
        return commands;
    }
}
