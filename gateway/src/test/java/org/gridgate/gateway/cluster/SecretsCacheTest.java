package org.gridgate.gateway.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.recipes.cache.ChildData;
import org.gridgate.gateway.ZooKeeperExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The secrets' cache holds the secret and retired nodes only: the lock table, the revocation list, the leader latch
 * and the mutex live beside them under the same path, and a LOCK at any door must not wake every door's secrets.
 */
class SecretsCacheTest {

    @RegisterExtension
    static final ZooKeeperExtension zookeeper = new ZooKeeperExtension();

    private CuratorFramework client;

    @AfterEach
    void close() {
        if (client != null) {
            client.close();
        }
    }

    @Test
    void holdsAndReportsTheSecretsOnly() throws Exception {
        String root = "/secrets-cache-test";
        client = ZooKeeperSecrets.connect(ZooKeeperSecretsTest.settings(zookeeper.connectString(), root,
                Duration.ofDays(1), Duration.ZERO, Duration.ofDays(7)));
        SecretNodes nodes = new SecretNodes(client, root, Clock.systemUTC());
        nodes.createFirstIfNone();
        client.create().forPath(root + "/locks", "[]".getBytes(StandardCharsets.UTF_8));
        client.create().forPath(root + "/revocations", "".getBytes(StandardCharsets.UTF_8));
        AtomicInteger changes = new AtomicInteger();
        try (SecretsCache cache = SecretsCache.start(client, nodes, changes::incrementAndGet, Duration.ofSeconds(10),
                zookeeper.connectString())) {
            assertThat(cache.nodes()).extracting(ChildData::getPath)
                    .allMatch(path -> path.startsWith(nodes.secretsPath()) || path.startsWith(nodes.retiredPath()))
                    .anyMatch(path -> path.startsWith(nodes.secretsPath() + "/"));

            for (int i = 0; i < 20; i++) {
                client.setData().forPath(root + "/locks", ("[" + i + "]").getBytes(StandardCharsets.UTF_8));
                client.setData().forPath(root + "/revocations", ("# " + i).getBytes(StandardCharsets.UTF_8));
            }
            nodes.rotate(Duration.ZERO);   // a change the cache must report; it comes after the twenty that it must not
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (changes.get() == 0 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(changes.get()).as("changes reported").isBetween(1, 3);
            assertThat(cache.nodes()).extracting(ChildData::getPath)
                    .noneMatch(path -> path.endsWith("/locks") || path.endsWith("/revocations"));
        }
    }
}
