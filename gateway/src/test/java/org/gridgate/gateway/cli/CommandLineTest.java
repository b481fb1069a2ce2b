package org.gridgate.gateway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What every command answers to --help and --version, and how the command line refuses what it cannot parse. */
class CommandLineTest {

    @ParameterizedTest
    @ValueSource(strings = {"", "dev", "serve", "config", "config check", "inspect", "policy", "policy check",
        "secrets", "secrets list",
        "secrets rotate", "secrets retire"})
    void everyCommandHasHelpAndVersion(String command) {
        String[] words = command.isEmpty() ? new String[0] : command.split(" ");

        CliRun help = CliRun.of(with(words, "--help"));
        CliRun version = CliRun.of(with(words, "--version"));

        assertThat(help.exitCode()).as(help::toString).isZero();
        assertThat(help.outLines()).first().asString().startsWith(("Usage: gateway.jar " + command).strip() + " ");
        assertThat(help.err()).isEmpty();
        assertThat(version.exitCode()).as(version::toString).isZero();
        assertThat(version.outLines()).containsExactly("GridGate 0.1.0");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "config", "policy", "secrets"})
    void aCommandWithoutItsSubcommandIsABadCommandLine(String command) {
        CliRun run = CliRun.of(command.isEmpty() ? new String[0] : new String[] {command});

        assertThat(run.exitCode()).as(run::toString).isEqualTo(2);
        assertThat(run.errLines()).first().asString().startsWith("Missing a command: one of ");
        assertThat(run.err()).contains("Usage: gateway.jar " + command).contains("Commands:");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void unknownOptionIsAUsageErrorWithoutStackTrace() {
        CliRun run = CliRun.of("inspect", "--frobnicate", "x");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.errLines()).first().isEqualTo("Unknown option: '--frobnicate'");
        assertThat(run.err()).doesNotContain("\tat ");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void negativeDrainIsRefusedBeforeAnythingStarts() {
        CliRun run = CliRun.of("serve", "--config", "/nonexistent/gateway.yaml", "--drain-seconds", "-1");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.errLines()).first().isEqualTo("--drain-seconds must not be negative");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void missingConfigurationFileIsOneLine() {
        CliRun run = CliRun.of("serve", "--config", "/nonexistent/gateway.yaml");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.errLines()).singleElement().asString()
                .startsWith("/nonexistent/gateway.yaml: no such file");
    }

    private static String[] with(String[] words, String option) {
        String[] args = Arrays.copyOf(words, words.length + 1);
        args[words.length] = option;
        return args;
    }
}
