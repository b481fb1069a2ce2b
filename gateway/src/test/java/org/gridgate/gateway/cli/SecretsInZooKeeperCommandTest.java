package org.gridgate.gateway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.gridgate.gateway.ZooKeeperProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code gateway.jar secrets --config FILE} for doors that share their secrets through ZooKeeper (a real server from
 * the Debian package): the first secret is created before any door starts, then rotated and retired there.
 */
class SecretsInZooKeeperCommandTest {
    @TempDir
    Path dir;

    @Test
    void rotateCreatesTheFirstSecretThenRotatesAndRetiresInZooKeeper() throws Exception {
        try (ZooKeeperProcess zookeeper = ZooKeeperProcess.start(dir.resolve("zookeeper"))) {
            String config = Files.writeString(dir.resolve("gateway.yaml"), String.join("\n",
                    "listen: {port: 8443}",
                    "tls: {certificate: /etc/grid-security/hostcert.pem, key: /etc/grid-security/hostkey.pem}",
                    "grid: {ca-directory: /etc/grid-security/certificates}",
                    "storage: {root: " + dir.resolve("data") + "}",
                    "macaroons: {secret-file: " + dir.resolve("revocations-beside") + ", max-lifetime: P7D}",
                    "policy: /etc/gridgate/policy.yaml",
                    "zookeeper: {connect: \"" + zookeeper.connectString() + "\", signing-delay: PT45S}",
                    "")).toString();

            CliRun none = CliRun.of("secrets", "list", "--config", config);
            assertThat(none.exitCode()).as(none::toString).isEqualTo(1);
            assertThat(none.errLines()).containsExactly("No secret in ZooKeeper yet: secrets rotate creates the first");

            CliRun created = CliRun.of("secrets", "rotate", "--config", config);
            assertThat(created.exitCode()).as(created::toString).isZero();
            assertThat(created.outLines().get(0)).isEqualTo("created in ZooKeeper " + zookeeper.connectString()
                    + "/gridgate");
            String first = created.outLines().get(1).substring("signing: ".length());

            Instant before = Instant.now();
            CliRun rotated = CliRun.of("secrets", "rotate", "--config", config);
            assertThat(rotated.exitCode()).as(rotated::toString).isZero();
            String second = rotated.outLines().get(0).substring("verifying: ".length());
            String signsFrom = rotated.outLines().get(1);
            assertThat(Instant.parse(signsFrom.substring("signing from ".length(), signsFrom.indexOf(": "))))
                    .isAfterOrEqualTo(before.plusSeconds(45));
            assertThat(CliRun.of("secrets", "list", "--config", config).outLines())
                    .containsExactly("signing: " + first, "verifying: " + first + " " + second, signsFrom);

            CliRun retired = CliRun.of("secrets", "retire", first, "--config", config);
            assertThat(retired.exitCode()).as(retired::toString).isZero();
            assertThat(CliRun.of("secrets", "list", "--config", config).outLines())
                    .startsWith("signing: " + second, "verifying: " + second);
            CliRun only = CliRun.of("secrets", "retire", second, "--config", config);
            assertThat(only.exitCode()).isEqualTo(1);
            assertThat(only.errLines()).containsExactly(
                    "cannot retire the only active secret " + second + "; rotate first");
        }
    }
}
