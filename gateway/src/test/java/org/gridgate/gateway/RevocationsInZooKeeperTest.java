package org.gridgate.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.ExponentialBackoffRetry;
import org.gridgate.caveat.Revocation;
import org.gridgate.caveat.Revocations;
import org.gridgate.gateway.cluster.ZooKeeperRevocations;
import org.gridgate.gateway.cluster.ZooKeeperSecretAdmin;
import org.gridgate.gateway.cluster.ZooKeeperSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The revocation list in one ZooKeeper node (a real server from the Debian package, one per class; each test has its
 * own root node): admins revoking at once all land, every door sees a revocation within 5 s, a damaged node is
 * logged once and ignored, and a door cut off from ZooKeeper keeps its list and catches up on reconnect.
 */
class RevocationsInZooKeeperTest {
    private static final Duration SEEN_WITHIN = Duration.ofSeconds(5);
    private static final Duration MAX_LIFETIME = Duration.ofDays(7);

    @RegisterExtension
    static final ZooKeeperExtension zookeeper = new ZooKeeperExtension();
    private static int roots;

    private final List<AutoCloseable> opened = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (int i = opened.size() - 1; i >= 0; i--) {
            opened.get(i).close();
        }
    }

    private static synchronized String freshRoot() {
        return "/revocations-test" + ++roots;
    }

    private ZooKeeperSettings settings(String root) {
        return new ZooKeeperSettings(zookeeper.connectString(), root, Duration.ofHours(1), Duration.ofSeconds(1),
                Duration.ofSeconds(10), MAX_LIFETIME);
    }

    private synchronized ZooKeeperSecretAdmin admin(String root) throws IOException {
        ZooKeeperSecretAdmin admin = ZooKeeperSecretAdmin.connect(settings(root), Clock.systemUTC());
        opened.add(admin);
        return admin;
    }

    /** A door's view: its own client, as each door has. */
    private Revocations door(String root) throws Exception {
        CuratorFramework client = CuratorFrameworkFactory.builder().connectString(zookeeper.connectString())
                .sessionTimeoutMs(4_000).connectionTimeoutMs(2_000)
                .retryPolicy(new ExponentialBackoffRetry(200, 3, 1_000)).build();
        client.start();
        opened.add(client);
        assertThat(client.blockUntilConnected(10, TimeUnit.SECONDS)).isTrue();
        ZooKeeperRevocations door = ZooKeeperRevocations.start(client, root, Clock.systemUTC(),
                Duration.ofSeconds(10));
        opened.add(door);
        return door.revocations();
    }

    private static void within(Duration limit, String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + limit.toSeconds() + " s: " + what);
            }
            Thread.sleep(50);
        }
    }

    private static boolean holds(Revocations door, String subject) {
        return door.entries().stream().anyMatch(e -> e.subject().equals(subject));
    }

    @Test
    void everyDoorSeesARevocationWithinFiveSeconds() throws Exception {
        String root = freshRoot();
        List<Revocations> doors = List.of(door(root), door(root), door(root));
        assertThat(doors).allSatisfy(door -> assertThat(door.entries()).isEmpty());

        Revocation entry = admin(root).revocations().revokePrincipal("/DC=org/DC=example/CN=Mallory", MAX_LIFETIME);

        for (Revocations door : doors) {
            within(SEEN_WITHIN, "a door holds " + entry.describe(), () -> holds(door, entry.subject()));
        }
    }

    @Test
    void twoAdminsRevokingAtOnceBothLand() throws Exception {
        String root = freshRoot();
        Revocations door = door(root);
        int admins = 2;
        int each = 10;
        CyclicBarrier together = new CyclicBarrier(admins);
        ExecutorService threads = Executors.newFixedThreadPool(admins);
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int a = 0; a < admins; a++) {
                Revocations admin = admin(root).revocations();
                String name = "admin" + a;
                running.add(threads.submit(() -> {
                    together.await();
                    for (int i = 0; i < each; i++) {
                        admin.revokeIssueId(name + "-" + i, MAX_LIFETIME);
                    }
                    return null;
                }));
            }
            for (Future<?> admin : running) {
                admin.get(60, TimeUnit.SECONDS);
            }
        } finally {
            threads.shutdownNow();
        }
        assertThat(admin(root).revocations().entries()).hasSize(admins * each);
        within(SEEN_WITHIN, "the door holds all " + admins * each, () -> door.entries().size() == admins * each);
    }

    @Test
    void aDamagedNodeIsLoggedOnceAndIgnoredUntilItReadsAgain() throws Exception {
        String root = freshRoot();
        Revocations door = door(root);
        Revocations admin = admin(root).revocations();
        Revocation first = admin.revokeIssueId("AbCd1234", MAX_LIFETIME);
        within(SEEN_WITHIN, "the door holds the first", () -> holds(door, first.subject()));

        try (LogCapture log = new LogCapture();
             CuratorFramework hand = CuratorFrameworkFactory.newClient(zookeeper.connectString(),
                     new ExponentialBackoffRetry(200, 3))) {
            hand.start();
            hand.setData().forPath(root + "/revocations", "not a list\n".getBytes(StandardCharsets.UTF_8));
            String warning = "Ignoring the revocation list as it is now, keeping the 1 entries held";
            assertThat(log.awaitContaining(warning)).contains("revocations line 1");
            door.refresh(); // as the door's periodic reload: not logged again
            assertThat(door.entries()).extracting(Revocation::subject).containsExactly(first.subject());
            assertThat(log.text().split(warning, -1)).hasSize(2);
            assertThatThrownBy(() -> admin(root).revocations()).isInstanceOf(IOException.class)
                    .hasMessageContaining("ZooKeeper node " + root + "/revocations line 1");
            // A door starting now has no good list to keep: it does not start (fails closed), saying why.
            assertThatThrownBy(() -> door(root)).isInstanceOf(IOException.class)
                    .hasMessageContaining("ZooKeeper node " + root + "/revocations line 1");

            // Repaired by hand (deleted: an empty list); a new revocation is taken again.
            hand.delete().forPath(root + "/revocations");
            Revocation second = admin(root).revocations().revokeIssueId("EfGh5678", MAX_LIFETIME);
            within(SEEN_WITHIN, "the door holds the second", () -> holds(door, second.subject()));
            assertThat(log.awaitContaining("The revocation list reads again")).doesNotContain("Exception");
        }
    }

    @Test
    void aDoorCutOffFromZooKeeperKeepsItsListAndCatchesUpOnReconnect() throws Exception {
        String root = freshRoot();
        Revocations door = door(root);
        Revocation before = admin(root).revocations().revokeIssueId("AbCd1234", MAX_LIFETIME);
        within(SEEN_WITHIN, "the door holds it", () -> holds(door, before.subject()));

        zookeeper.stop();
        try {
            Thread.sleep(1_000);
            door.refresh(); // the periodic reload, from the door's copy: no wait on the network, nothing lost
            assertThat(door.entries()).extracting(Revocation::subject).containsExactly(before.subject());
        } finally {
            zookeeper.startAgain();
        }
        Revocation after = admin(root).revocations().revokeIssueId("EfGh5678", MAX_LIFETIME);
        within(Duration.ofSeconds(30), "the reconnected door holds the new one", () -> holds(door, after.subject()));
    }
}
