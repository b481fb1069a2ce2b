package org.gridgate.gateway.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.curator.framework.CuratorFramework;
import org.gridgate.gateway.LogCapture;
import org.gridgate.gateway.ZooKeeperExtension;
import org.gridgate.gateway.ZooKeeperProcess;
import org.gridgate.gateway.http.ErrorMapping;
import org.gridgate.gateway.refusal.BusyException;
import org.gridgate.gateway.refusal.LockedException;
import org.gridgate.gateway.webdav.WebDavLock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shared lock table against a real ZooKeeper (Debian's package): doors that lock at once never both win, a
 * damaged node never fails a request, and without ZooKeeper writes go on under the locks last seen while lock
 * changes are refused as busy (503).
 */
class ZooKeeperLocksTest {
    private static final Instant LATER = Instant.now().plus(Duration.ofHours(1));

    @RegisterExtension
    static final ZooKeeperExtension zookeeper = new ZooKeeperExtension();
    private static int roots;

    private final List<CuratorFramework> clients = new ArrayList<>();

    @AfterEach
    void closeClients() {
        clients.forEach(CuratorFramework::close);
    }

    private static synchronized String freshNode() {
        return "/locks-test" + ++roots + "/locks";
    }

    private CuratorFramework client(String connect) throws Exception {
        CuratorFramework client = ZooKeeperSecrets.connect(new ZooKeeperSettings(connect, "/gridgate",
                Duration.ofDays(1), Duration.ZERO, Duration.ofSeconds(10), Duration.ofDays(7)));
        clients.add(client);
        return client;
    }

    private static WebDavLock exclusive(String path, String principal) {
        return new WebDavLock("opaquelocktoken:" + principal, path, true, false, "owner", principal, LATER);
    }

    /** What LockManager does for an exclusive LOCK, reduced to the conflict: refuse if the path is held. */
    private static Callable<Boolean> tryToLock(ZooKeeperLocks table, String path, String principal) {
        return () -> {
            try {
                table.change(locks -> {
                    if (locks.values().stream().anyMatch(lock -> lock.path().equals(path))) {
                        throw new LockedException(path + " is locked");
                    }
                    locks.put("opaquelocktoken:" + principal, exclusive(path, principal));
                    return null;
                });
                return true;
            } catch (LockedException e) {
                return false;
            }
        };
    }

    @Test
    void doorsLockingOneNameAtOnceNeverBothWin() throws Exception {
        String node = freshNode();
        List<ZooKeeperLocks> doors = List.of(
                new ZooKeeperLocks(new SharedNode(client(zookeeper.connectString()), node)),
                new ZooKeeperLocks(new SharedNode(client(zookeeper.connectString()), node)),
                new ZooKeeperLocks(new SharedNode(client(zookeeper.connectString()), node)));
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            for (int round = 0; round < 10; round++) {
                String path = "/shared/file" + round;
                List<Future<Boolean>> attempts = new ArrayList<>();
                for (int i = 0; i < 6; i++) {
                    attempts.add(pool.submit(tryToLock(doors.get(i % 3), path, "client" + round + "-" + i)));
                }
                int won = 0;
                for (Future<Boolean> attempt : attempts) {
                    won += attempt.get() ? 1 : 0;
                }
                assertThat(won).as("winners of round " + round).isEqualTo(1);
            }
        } finally {
            pool.shutdownNow();
        }
        for (ZooKeeperLocks door : doors) {
            assertThat(door.read()).as("every door sees every lock at once").hasSize(10);
        }
    }

    @Test
    void aDamagedNodeIsLoggedOnceAndIgnoredAndTheNextChangeReplacesIt() throws Exception {
        String node = freshNode();
        CuratorFramework client = client(zookeeper.connectString());
        ZooKeeperLocks table = new ZooKeeperLocks(new SharedNode(client, node));
        table.change(locks -> locks.put("opaquelocktoken:a", exclusive("/a", "a")));

        client.setData().forPath(node, "{\"format\":1,\"locks\":[{\"token\":null}]}".getBytes(StandardCharsets.UTF_8));
        try (LogCapture log = new LogCapture()) {
            assertThat(table.read()).as("the last good table stands").containsOnlyKeys("opaquelocktoken:a");
            assertThat(table.read()).containsOnlyKeys("opaquelocktoken:a");
            assertThat(log.text()).containsOnlyOnce("Ignoring ZooKeeper node " + node
                    + ", which is not a WebDAV lock table");
        }

        table.change(locks -> locks.put("opaquelocktoken:b", exclusive("/b", "b")));
        assertThat(new ZooKeeperLocks(new SharedNode(client, node)).read())
                .containsOnlyKeys("opaquelocktoken:a", "opaquelocktoken:b");
    }

    @Test
    void aTableTooLargeForZooKeeperIsRefusedAsBusyAndLeftAsItWas() throws Exception {
        ZooKeeperLocks table = new ZooKeeperLocks(new SharedNode(client(zookeeper.connectString()), freshNode()));
        table.change(locks -> locks.put("opaquelocktoken:a", exclusive("/a", "a")));
        String owner = "o".repeat(1000);

        assertThatThrownBy(() -> table.change(locks -> {
            for (int i = 0; i < 600; i++) {
                String token = "opaquelocktoken:" + i;
                locks.put(token, new WebDavLock(token, "/f" + i, true, false, owner, "p", LATER));
            }
            return null;
        })).isInstanceOf(BusyException.class)
                .satisfies(e -> assertThat(ErrorMapping.toHttpError(e).status().code()).isEqualTo(503));
        assertThat(table.read()).containsOnlyKeys("opaquelocktoken:a");
    }

    @Test
    void withoutZooKeeperWritesAreCheckedAgainstTheLocksLastSeenAndLockChangesAreBusy(@TempDir Path own)
            throws Exception {
        try (ZooKeeperProcess server = ZooKeeperProcess.start(own)) {
            String node = freshNode();
            ZooKeeperLocks table = new ZooKeeperLocks(new SharedNode(client(server.connectString()), node));
            table.change(locks -> locks.put("opaquelocktoken:a", exclusive("/a", "a")));
            assertThat(table.read()).hasSize(1);

            server.stop();
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (clients.get(0).getZookeeperClient().isConnected() && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }

            long started = System.nanoTime();
            assertThat(table.read()).containsOnlyKeys("opaquelocktoken:a");
            assertThatThrownBy(() -> table.change(locks -> locks.remove("opaquelocktoken:a")))
                    .isInstanceOf(BusyException.class)
                    .hasMessageContaining("ZooKeeper")
                    .satisfies(e -> assertThat(((BusyException) e).retryAfter()).isPresent());
            assertThat(Duration.ofNanos(System.nanoTime() - started)).as("no wait for ZooKeeper")
                    .isLessThan(Duration.ofSeconds(1));

            server.startAgain();
            deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (!clients.get(0).getZookeeperClient().isConnected() && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            table.change(locks -> locks.remove("opaquelocktoken:a"));
            assertThat(table.read()).isEmpty();
        }
    }
}
