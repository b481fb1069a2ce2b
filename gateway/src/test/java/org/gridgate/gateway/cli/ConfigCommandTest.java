package org.gridgate.gateway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.gridgate.certs.DevPki;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code config check}, and {@code serve} refusing to start on what it finds: one line per problem, naming the file,
 * line and key; no stack trace unless {@code --debug}.
 */
class ConfigCommandTest {

    @TempDir
    Path dir;

    private Path config;
    private DevPki pki;

    @BeforeEach
    void configuration() throws Exception {
        pki = DevPki.createOrReuse(dir.resolve("pki"));
        Files.createDirectories(dir.resolve("data"));
        Files.writeString(dir.resolve("policy.yaml"), "rules:\n  - name: readers\n    match: {dn: \""
                + DevPki.USER_DN + "\"}\n    allow: {activities: [DOWNLOAD], paths: [/data]}\n");
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        config = Files.writeString(dir.resolve("gateway.yaml"), String.join("\n",
                "listen: {host: localhost, port: " + port + "}",
                "tls: {certificate: " + pki.hostCertificate() + ", key: " + pki.hostKey() + ", provider: jdk}",
                "grid:",
                "  ca-directory: " + pki.caDirectory(),
                "storage: {root: " + dir.resolve("data") + "}",
                "macaroons: {secret-file: " + dir.resolve("secrets") + "}",
                "policy: " + dir.resolve("policy.yaml"), ""));
    }

    private void replace(String text, String by) throws Exception {
        Files.writeString(config, Files.readString(config).replace(text, by));
    }

    @Test
    void aGoodConfigurationIsOk() {
        CliRun run = CliRun.of("config", "check", "--config", config.toString());

        assertThat(run.exitCode()).as(run::toString).isZero();
        assertThat(run.outLines()).containsExactly(config + ": OK");
        assertThat(run.err()).isEmpty();
    }

    @Test
    void everyProblemIsOneLineAndTheExitCodeIsOne() throws Exception {
        replace("ca-directory: " + pki.caDirectory(), "ca-directory: /nonexistent/certificates");
        replace("root: " + dir.resolve("data"), "root: /nonexistent/data");

        CliRun run = CliRun.of("config", "check", "--config", config.toString());

        assertThat(run.exitCode()).as(run::toString).isEqualTo(1);
        assertThat(run.outLines()).containsExactly(
                config + ":4: grid.ca-directory: /nonexistent/certificates does not exist; install the IGTF CA "
                        + "certificates there (e.g. the ca-policy-egi-core package, then fetch-crl) or give the "
                        + "directory they are in",
                config + ":5: storage.root: /nonexistent/data does not exist; create the directory, owned by the "
                        + "door's user, or give the one to serve",
                config + ": 2 error(s), 0 warning(s); serve would not start");
    }

    @Test
    void serveRefusesToStartWithOneLinePerProblemAndNoStackTrace() throws Exception {
        replace("ca-directory: " + pki.caDirectory(), "ca-directory: /nonexistent/certificates");

        CliRun run = CliRun.of("serve", "--config", config.toString());

        assertThat(run.exitCode()).as(run::toString).isEqualTo(1);
        assertThat(run.errLines()).singleElement().asString()
                .startsWith(config + ":4: grid.ca-directory: /nonexistent/certificates does not exist;");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void debugAddsTheStackTrace() throws Exception {
        replace("ca-directory: " + pki.caDirectory(), "ca-directory: /nonexistent/certificates");

        CliRun run = CliRun.of("serve", "--config", config.toString(), "--debug");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.errLines().get(0)).startsWith(config + ":4: grid.ca-directory:");
        assertThat(run.err()).contains("ConfigProblems", "\tat ");
    }

    @Test
    void aMissingConfigurationFileIsOneLine() {
        CliRun run = CliRun.of("config", "check", "--config", dir.resolve("nonexistent.yaml").toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.outLines()).first().asString().isEqualTo(dir.resolve("nonexistent.yaml")
                + ": no such file; give the path of the door's configuration (README, \"Production\")");
    }

    @Test
    void theReadmeExampleOnAMachineWithoutItsFilesNamesEveryKeyToFix() throws Exception {
        Path example = Path.of(ConfigCommandTest.class.getResource("/gateway-example.yaml").toURI());

        CliRun run = CliRun.of("serve", "--config", example.toString());

        assertThat(run.exitCode()).as(run::toString).isEqualTo(1);
        assertThat(run.err()).doesNotContain("\tat ").doesNotContain("grid-mapfile");
        assertThat(run.errLines()).allSatisfy(line -> assertThat(line).startsWith(example + ":")
                .containsPattern(":\\d+: [a-z.-]+: "));
    }
}
