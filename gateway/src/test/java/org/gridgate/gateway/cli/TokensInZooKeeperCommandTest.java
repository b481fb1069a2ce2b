package org.gridgate.gateway.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryOneTime;
import org.apache.zookeeper.KeeperException;
import org.gridgate.gateway.ZooKeeperProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code gateway.jar tokens} and {@code inspect} with {@code --config} naming a door that shares its state through
 * ZooKeeper (a real server from the Debian package): the revocation list is the one in ZooKeeper, and trouble
 * there is one line and a non-zero exit.
 */
class TokensInZooKeeperCommandTest {
    @TempDir
    Path dir;

    private String config(String connect) throws Exception {
        return config(connect, "");
    }

    /** @param more further keys of {@code zookeeper:}, each starting with ", " */
    private String config(String connect, String more) throws Exception {
        return Files.writeString(dir.resolve("gateway.yaml"), String.join("\n",
                "listen: {port: 8443}",
                "tls: {certificate: /etc/grid-security/hostcert.pem, key: /etc/grid-security/hostkey.pem}",
                "grid: {ca-directory: /etc/grid-security/certificates}",
                "storage: {root: " + dir.resolve("data") + "}",
                "macaroons: {max-lifetime: P7D}",
                "policy: /etc/gridgate/policy.yaml",
                "zookeeper: {connect: \"" + connect + "\", connect-timeout: PT2S" + more + "}",
                "")).toString();
    }

    @Test
    void revocationsGoToZooKeeperAndAreListedFromThere() throws Exception {
        try (ZooKeeperProcess zookeeper = ZooKeeperProcess.start(dir.resolve("zookeeper"))) {
            String config = config(zookeeper.connectString());
            assertThat(CliRun.of("tokens", "revoked", "--config", config).outLines()).isEmpty();

            CliRun revoked = CliRun.of("tokens", "revoke", "--config", config, "--identity",
                    "/DC=org/DC=example/CN=Mallory");
            assertThat(revoked.exitCode()).as(revoked::toString).isZero();
            assertThat(revoked.outLines().get(0)).startsWith("revoked: principal ").contains("CN=Mallory");
            assertThat(CliRun.of("tokens", "revoke", "--config", config, "--iid", "AbCd1234").exitCode()).isZero();

            assertThat(CliRun.of("tokens", "revoked", "--config", config).outLines())
                    .hasSize(2).anyMatch(line -> line.startsWith("iid AbCd1234, revoked "));
            assertThat(Files.exists(dir.resolve("data"))).isFalse(); // nothing on disk

            try (CuratorFramework hand = CuratorFrameworkFactory.newClient(zookeeper.connectString(),
                    new RetryOneTime(100))) {
                hand.start();
                hand.setData().forPath("/gridgate/revocations", "garbage\n".getBytes(StandardCharsets.UTF_8));
            }
            CliRun damaged = CliRun.of("tokens", "revoke", "--config", config, "--iid", "EfGh5678");
            assertThat(damaged.exitCode()).as(damaged::toString).isEqualTo(1);
            assertThat(damaged.errLines()).containsExactly("revocation list in ZooKeeper node /gridgate/revocations "
                    + "line 1: expected 'gridgate-revocations 1'");
        }
    }

    @Test
    void withAnAuthFileTheListIsTheDoorsAloneToChange() throws Exception {
        try (ZooKeeperProcess zookeeper = ZooKeeperProcess.start(dir.resolve("zookeeper"))) {
            Path auth = Files.writeString(dir.resolve("zookeeper.auth"), "gridgate:secret-pw\n");
            Files.setPosixFilePermissions(auth, PosixFilePermissions.fromString("rw-------"));
            String config = config(zookeeper.connectString(), ", auth-file: " + auth);
            CliRun revoked = CliRun.of("tokens", "revoke", "--config", config, "--iid", "AbCd1234");
            assertThat(revoked.exitCode()).as(revoked::toString).isZero();
            assertThat(CliRun.of("tokens", "revoked", "--config", config).outLines()).hasSize(1);

            try (CuratorFramework stranger = CuratorFrameworkFactory.newClient(zookeeper.connectString(),
                    new RetryOneTime(100))) {
                stranger.start();
                assertThatThrownBy(() -> stranger.setData().forPath("/gridgate/revocations", new byte[0]))
                        .isInstanceOf(KeeperException.NoAuthException.class);
            }
        }
    }

    @Test
    void anUnreachableZooKeeperIsOneLineAndANonZeroExit() throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = socket.getLocalPort();
        }
        String config = config("127.0.0.1:" + closed);
        String expected = "Cannot reach ZooKeeper at 127.0.0.1:" + closed + " within 2 s (zookeeper.connect in the "
                + "configuration): nothing was read or changed";
        for (String[] args : new String[][] {
                {"tokens", "revoke", "--config", config, "--iid", "AbCd1234"},
                {"tokens", "revoked", "--config", config},
                {"secrets", "list", "--config", config},
                {"secrets", "rotate", "--config", config},
                {"inspect", "--config", config, "AgEEdGVzdAIIQWJDZDEyMzQAAAYgAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"}}) {
            CliRun run = CliRun.of(args);
            assertThat(run.exitCode()).as(run::toString).isEqualTo(1);
            assertThat(run.errLines()).as(run::toString).containsExactly(expected);
        }
    }

    @Test
    void anAuthFileOthersMayReadIsNamedAsItIsAndNotAsZooKeeperUnreachable() throws Exception {
        Path auth = Files.writeString(dir.resolve("zookeeper.auth"), "gridgate:secret\n");
        Files.setPosixFilePermissions(auth, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        String config = config("127.0.0.1:2181", ", auth-file: " + auth);

        CliRun run = CliRun.of("tokens", "revoked", "--config", config);

        assertThat(run.exitCode()).as(run::toString).isEqualTo(1);
        assertThat(run.errLines()).as(run::toString).containsExactly("zookeeper.auth-file: " + auth
                + " may be read or written by others; chmod 600 it (it grants the macaroon secrets)");
    }
}
