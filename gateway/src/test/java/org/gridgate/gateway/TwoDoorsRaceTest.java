package org.gridgate.gateway;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.gridgate.storage.PosixStorage;
import org.gridgate.storage.Storage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two doors on one storage root (as on a shared filesystem) racing on the same names: whatever the order, the
 * outcome is one whole version of a file, never a torn or mixed one, and no staged file is left visible.
 */
class TwoDoorsRaceTest {
    private static final int ROUNDS = 10;
    private static final int SIZE = 256 * 1024;

    @TempDir
    static Path dir;

    static Path root;
    static TestDoor first;
    static TestDoor second;
    static final ExecutorService clients = Executors.newFixedThreadPool(2);

    @BeforeAll
    static void start() throws Exception {
        root = Files.createDirectories(dir.resolve("shared-root"));
        first = TestDoor.startAdjusted(dir.resolve("door1"), s -> s.withStorage(open()));
        second = TestDoor.startAdjusted(dir.resolve("door2"), s -> s.withStorage(open()));
    }

    private static Storage open() {
        try {
            return PosixStorage.open(root);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @AfterAll
    static void stop() {
        clients.shutdownNow();
        for (TestDoor door : List.of(first, second)) {
            if (door != null) {
                door.close();
            }
        }
    }

    private static byte[] filled(char c) {
        byte[] bytes = new byte[SIZE];
        java.util.Arrays.fill(bytes, (byte) c);
        return bytes;
    }

    private static <T> List<T> together(Callable<T> a, Callable<T> b) throws Exception {
        Future<T> one = clients.submit(a);
        Future<T> two = clients.submit(b);
        return List.of(one.get(), two.get());
    }

    /** The status, or -1 when the door refused and closed the connection while the body was still going. */
    private static int put(TestDoor door, String path, byte[] body, boolean onlyIfAbsent) throws Exception {
        var request = given(door.withProxy()).body(body);
        if (onlyIfAbsent) {
            request = request.header("If-None-Match", "*");
        }
        try {
            return request.put(path).then().extract().statusCode();
        } catch (Exception closedWhileSending) {
            return -1;
        }
    }

    /** Every visible name below the root: a staged upload is hidden, so none may be left over or half there. */
    private static List<String> visible() throws Exception {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile).map(p -> root.relativize(p).toString()).sorted().toList();
        }
    }

    @Test
    void twoUploadsOfOnePathLeaveOneWholeVersion() throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            String path = "/race/put-" + round;
            byte[] a = filled('a');
            byte[] b = filled('b');
            List<Integer> statuses = together(() -> put(first, path, a, false), () -> put(second, path, b, false));
            assertThat(statuses).allSatisfy(status -> assertThat(status).isIn(201, 204));
            byte[] stored = Files.readAllBytes(root.resolve(path.substring(1)));
            assertThat(new String(stored, StandardCharsets.US_ASCII)).as(path).matches("a{" + SIZE + "}|b{" + SIZE + "}");
        }
        assertThat(visible()).allSatisfy(name -> assertThat(name).matches("race/put-\\d+"));
    }

    @Test
    void withIfNoneMatchOnlyOneCreatesTheFileAndTheOtherIsRefused() throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            String path = "/race/once-" + round;
            List<Integer> statuses = together(() -> put(first, path, filled('a'), true),
                    () -> put(second, path, filled('b'), true));
            // The loser gets 412, from its door's check before the body if the winner's file is there by then (the
            // door then closes the connection while the body may still be coming: -1 here), else at commit.
            assertThat(statuses).as(path).containsOnlyOnce(201);
            assertThat(statuses).as(path).allSatisfy(status -> assertThat(status).isIn(201, 412, -1));
            String stored = Files.readString(root.resolve(path.substring(1)), StandardCharsets.US_ASCII);
            assertThat(stored).matches("a{" + SIZE + "}|b{" + SIZE + "}");
        }
    }

    @Test
    void moveAgainstDeleteLeavesTheFileInOnePlaceOrNowhere() throws Exception {
        List<String> outcomes = new ArrayList<>();
        for (int round = 0; round < ROUNDS; round++) {
            String from = "/race/move-" + round;
            String to = "/race/moved-" + round;
            assertThat(put(first, from, filled('m'), false)).isEqualTo(201);
            List<Integer> statuses = together(
                    () -> given(first.withProxy()).header("Destination", first.url(to)).request("MOVE", from)
                            .then().extract().statusCode(),
                    () -> given(second.withProxy()).delete(from).then().extract().statusCode());
            boolean atFrom = Files.exists(root.resolve(from.substring(1)));
            boolean atTo = Files.exists(root.resolve(to.substring(1)));
            assertThat(atFrom).as("never left at its old name").isFalse();
            if (atTo) {
                assertThat(Files.readString(root.resolve(to.substring(1)))).matches("m{" + SIZE + "}");
            }
            outcomes.add(statuses + " moved=" + atTo);
        }
        assertThat(outcomes).allSatisfy(o -> assertThat(o).matches(
                "\\[(201|404), (204|404)] moved=(true|false)"));
    }

    @Test
    void mkcolAgainstPutLeavesADirectoryOrAFile() throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            String path = "/race/name-" + round;
            List<Integer> statuses = together(
                    () -> given(first.withProxy()).request("MKCOL", path).then().extract().statusCode(),
                    () -> put(second, path, filled('f'), false));
            Path local = root.resolve(path.substring(1));
            if (Files.isDirectory(local)) {
                assertThat(statuses.get(0)).as(path).isEqualTo(201);
                assertThat(statuses.get(1)).as(path).isNotIn(201, 204);
            } else {
                assertThat(Files.readString(local)).as(path).matches("f{" + SIZE + "}");
                assertThat(statuses.get(1)).isIn(201, 204);
                assertThat(statuses.get(0)).as(path).isGreaterThanOrEqualTo(400);
            }
        }
    }
}
