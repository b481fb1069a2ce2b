package org.gridgate.gateway.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.curator.framework.CuratorFramework;
import org.gridgate.gateway.ZooKeeperExtension;
import org.gridgate.gateway.ZooKeeperProcess;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Doors sharing their macaroon secrets through a real ZooKeeper (the Debian package's server, one per class; each
 * test has its own root node): they agree at start-up, see a rotation within 5 s, survive damaged nodes and a
 * ZooKeeper that goes away and comes back.
 */
class ZooKeeperSecretsTest {
    private static final Duration SEEN_WITHIN = Duration.ofSeconds(5);

    @RegisterExtension
    static final ZooKeeperExtension zookeeper = new ZooKeeperExtension();

    private final List<AutoCloseable> opened = new ArrayList<>();
    private static int roots;

    @AfterEach
    void closeDoors() throws Exception {
        for (AutoCloseable door : opened) {
            door.close();
        }
    }

    private static synchronized String freshRoot() {
        return "/test" + ++roots;
    }

    static ZooKeeperSettings settings(String connect, String root, Duration rotateEvery, Duration signingDelay,
                                      Duration maxLifetime) {
        return new ZooKeeperSettings(connect, root, rotateEvery, signingDelay, Duration.ofSeconds(10), maxLifetime);
    }

    private ZooKeeperState door(ZooKeeperSettings settings, String name) throws IOException {
        ZooKeeperState door = ZooKeeperState.start(settings, Clock.systemUTC(), name);
        synchronized (opened) {
            opened.add(door);
        }
        return door;
    }

    private ZooKeeperSecretAdmin admin(ZooKeeperSettings settings) throws IOException {
        ZooKeeperSecretAdmin admin = ZooKeeperSecretAdmin.connect(settings, Clock.systemUTC());
        opened.add(admin);
        return admin;
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

    @Test
    void doorsStartingTogetherOnAnEmptyZooKeeperAgreeOnOneSecret() throws Exception {
        ZooKeeperSettings settings = settings(zookeeper.connectString(), freshRoot(), Duration.ofHours(1),
                Duration.ofSeconds(1), Duration.ofDays(7));
        int doors = 3;
        CyclicBarrier together = new CyclicBarrier(doors);
        ExecutorService threads = Executors.newFixedThreadPool(doors);
        try {
            List<Future<ZooKeeperState>> started = new ArrayList<>();
            for (int i = 0; i < doors; i++) {
                String name = "door" + i;
                started.add(threads.submit(() -> {
                    together.await();
                    return door(settings, name);
                }));
            }
            Set<String> signing = new HashSet<>();
            for (Future<ZooKeeperState> door : started) {
                signing.add(door.get(60, TimeUnit.SECONDS).store().currentId());
                assertThat(door.get().store().activeIds()).hasSize(1);
            }
            assertThat(signing).hasSize(1);
            assertThat(admin(settings).active()).hasSize(1);
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void aRotationIsKnownEverywhereWithinFiveSecondsAndSignsOnlyAfterItsDelay() throws Exception {
        ZooKeeperSettings settings = settings(zookeeper.connectString(), freshRoot(), Duration.ofHours(1),
                Duration.ofSeconds(3), Duration.ofDays(7));
        List<ZooKeeperState> doors = List.of(door(settings, "a"), door(settings, "b"), door(settings, "c"));
        String first = doors.get(0).store().currentId();

        ZooKeeperSecretAdmin.Entry fresh = admin(settings).rotate(settings.signingDelay());

        for (ZooKeeperState door : doors) {
            within(SEEN_WITHIN, "a door verifies " + fresh.id(), () -> door.store().activeIds().contains(fresh.id()));
        }
        if (Instant.now().isBefore(fresh.signsFrom())) {
            assertThat(doors).allSatisfy(door -> assertThat(door.store().currentId()).isEqualTo(first));
        }
        within(SEEN_WITHIN.plus(settings.signingDelay()), "every door signs with the new secret",
                () -> doors.stream().allMatch(door -> door.store().currentId().equals(fresh.id())));
    }

    @Test
    void aDoorThatJoinsLaterGetsEveryCurrentSecret() throws Exception {
        ZooKeeperSettings settings = settings(zookeeper.connectString(), freshRoot(), Duration.ofHours(1),
                Duration.ZERO, Duration.ofDays(7));
        ZooKeeperState first = door(settings, "first");
        String second = admin(settings).rotate(Duration.ZERO).id();

        ZooKeeperState late = door(settings, "late");

        assertThat(late.store().activeIds()).containsExactly(first.store().activeIds().get(0), second);
        assertThat(late.store().currentId()).isEqualTo(second);
    }

    @Test
    void theLeaderRotatesOnScheduleAndRetiresWhatNoValidMacaroonNeeds() throws Exception {
        ZooKeeperSettings settings = settings(zookeeper.connectString(), freshRoot(), Duration.ofSeconds(2),
                Duration.ZERO, Duration.ofSeconds(1));
        ZooKeeperState one = door(settings, "one");
        ZooKeeperState two = door(settings, "two");
        String first = one.store().currentId();

        within(Duration.ofSeconds(15), "a new secret signs at both doors", () ->
                !one.store().currentId().equals(first) && two.store().currentId().equals(one.store().currentId()));
        within(Duration.ofSeconds(15), "the first secret is retired at both doors", () ->
                !one.store().activeIds().contains(first) && !two.store().activeIds().contains(first));
        assertThat(one.isLeader() ^ two.isLeader()).as("exactly one leader").isTrue();
    }

    @Test
    void aDamagedOrDeletedSecretNodeIsLoggedAndIgnoredAndTheLeaderWritesItBack() throws Exception {
        ZooKeeperSettings settings = settings(zookeeper.connectString(), freshRoot(), Duration.ofHours(1),
                Duration.ZERO, Duration.ofDays(7));
        ZooKeeperState door = door(settings, "door");
        String id = door.store().currentId();
        String node = settings.path() + "/secrets/" + SecretNodes.nodeName(id);
        CuratorFramework client = ZooKeeperSecrets.connect(settings);
        opened.add(client::close);

        client.setData().forPath(node, "junk".getBytes(StandardCharsets.US_ASCII));
        client.create().forPath(settings.path() + "/secrets/stray", "not a secret".getBytes(StandardCharsets.US_ASCII));
        Thread.sleep(500);
        assertThat(door.store().currentId()).isEqualTo(id);
        within(SEEN_WITHIN, "the leader writes the damaged node back", () -> readsAs(client, node, id));

        client.delete().forPath(node);
        Thread.sleep(500);
        assertThat(door.store().activeIds()).containsExactly(id);
        within(SEEN_WITHIN, "the leader writes the deleted node back", () -> readsAs(client, node, id));

        Thread.sleep(500);
        long settled = zookeeper.zxid();
        Thread.sleep(2000);
        assertThat(zookeeper.zxid() - settled).as("changes while nothing happens (no door feeds on its own events)")
                .isLessThan(10);
    }

    private static boolean readsAs(CuratorFramework client, String node, String id) {
        try {
            return SecretNodes.secretOf(node.substring(node.lastIndexOf('/') + 1), client.getData().forPath(node))
                    .id().equals(id);
        } catch (Exception e) {
            return false;
        }
    }

    @Test
    void zookeeperUnreachableAtStartUpRefusesWithOneClearLine() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        ZooKeeperSettings settings = new ZooKeeperSettings("127.0.0.1:" + closedPort, "/nowhere",
                Duration.ofHours(1), Duration.ZERO, Duration.ofSeconds(2), Duration.ofDays(7));

        assertThatThrownBy(() -> ZooKeeperState.start(settings, Clock.systemUTC(), "door"))
                .isInstanceOf(IOException.class)
                .hasMessage("cannot reach ZooKeeper at 127.0.0.1:" + closedPort + " within 2 s (a door that shares "
                        + "its macaroon secrets through ZooKeeper keeps no copy on disk, so it does not start "
                        + "without it)");
    }

    @Test
    void zookeeperLostMidRunKeepsTheSecretsThenTheDoorCatchesUp(@TempDir Path own) throws Exception {
        try (ZooKeeperProcess server = ZooKeeperProcess.start(own)) {
            ZooKeeperSettings settings = settings(server.connectString(), "/gridgate", Duration.ofHours(1),
                    Duration.ZERO, Duration.ofDays(7));
            ZooKeeperState door = door(settings, "door");
            ZooKeeperState other = door(settings, "other");
            String id = door.store().currentId();
            assertThat(door.trouble()).isEmpty();

            server.stop();

            within(Duration.ofSeconds(20), "the door says ZooKeeper is lost", () -> door.trouble().isPresent());
            assertThat(door.trouble().orElseThrow()).startsWith("ZooKeeper disconnected since ");
            assertThat(door.store().currentId()).isEqualTo(id);
            assertThat(door.store().activeIds()).containsExactly(id);

            server.startAgain();

            within(Duration.ofSeconds(30), "both doors reconnect",
                    () -> door.trouble().isEmpty() && other.trouble().isEmpty());
            String fresh = admin(settings).rotate(Duration.ZERO).id();
            within(SEEN_WITHIN, "the reconnected doors see a rotation", () -> door.store().currentId().equals(fresh)
                    && other.store().currentId().equals(fresh));
        }
    }

    @Test
    void withAnAuthFileEveryNodeIsTheDoorsAloneAndNobodyElseReadsTheSecrets(@TempDir Path files) throws Exception {
        Path auth = ownerOnly(files.resolve("zookeeper.auth"), "gridgate:correct horse battery\n");
        String root = freshRoot();
        ZooKeeperSettings settings = new ZooKeeperSettings(zookeeper.connectString(), root, Duration.ofHours(1),
                Duration.ZERO, Duration.ofSeconds(10), Duration.ofDays(7), java.util.Optional.of(auth));
        ZooKeeperState door = door(settings, "door");
        ZooKeeperState other = door(settings, "other");
        assertThat(other.store().currentId()).isEqualTo(door.store().currentId());
        door.locks().change(locks -> locks.put("opaquelocktoken:x", new org.gridgate.gateway.webdav.WebDavLock(
                "opaquelocktoken:x", "/x", true, false, "o", "p", java.time.Instant.now().plusSeconds(60))));
        assertThat(other.locks().read()).containsOnlyKeys("opaquelocktoken:x");

        ZooKeeperSettings anonymous = settings(zookeeper.connectString(), root, Duration.ofHours(1), Duration.ZERO,
                Duration.ofDays(7));
        CuratorFramework stranger = ZooKeeperSecrets.connect(anonymous);
        opened.add(stranger::close);
        String secret = root + "/secrets/" + SecretNodes.nodeName(door.store().currentId());
        for (String node : List.of(secret, root + "/locks")) {
            assertThatThrownBy(() -> stranger.getData().forPath(node)).as(node)
                    .isInstanceOf(org.apache.zookeeper.KeeperException.NoAuthException.class);
        }

        Path wrong = ownerOnly(files.resolve("wrong.auth"), "gridgate:guess\n");
        assertThatThrownBy(() -> ZooKeeperState.start(new ZooKeeperSettings(zookeeper.connectString(), root,
                Duration.ofHours(1), Duration.ZERO, Duration.ofSeconds(10), Duration.ofDays(7),
                java.util.Optional.of(wrong)), Clock.systemUTC(), "intruder"))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("zookeeper.auth-file");

        Path readable = Files.writeString(files.resolve("readable.auth"), "gridgate:correct horse battery\n");
        Files.setPosixFilePermissions(readable, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        assertThatThrownBy(() -> ZooKeeperState.start(new ZooKeeperSettings(zookeeper.connectString(), root,
                Duration.ofHours(1), Duration.ZERO, Duration.ofSeconds(10), Duration.ofDays(7),
                java.util.Optional.of(readable)), Clock.systemUTC(), "careless"))
                .isInstanceOf(IOException.class)
                .hasMessage("zookeeper.auth-file: " + readable + " may be read or written by others; chmod 600 it "
                        + "(it grants the macaroon secrets)");
    }

    private static Path ownerOnly(Path file, String content) throws IOException {
        Files.writeString(file, content);
        Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        return file;
    }
}
