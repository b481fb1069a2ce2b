package org.gridgate.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.gridgate.storage.StorageTestSupport.everythingOnDisk;
import static org.gridgate.storage.StorageTestSupport.read;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.CyclicBarrier;

import org.gridgate.storage.StorageException.Reason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several doors (separate {@link Storage} instances on one root) racing for the same path. Whatever the
 * interleaving, the outcome rules hold, so these tests assert outcomes only, never timing.
 */
class ConcurrentDoorsTest {
    private static final int DOORS = 6;

    @TempDir
    Path root;

    @Test
    void withoutOverwriteExactlyOneOfManyRacingUploadsWins() throws Exception {
        List<Object> outcomes = race(new UploadOptions(true, false, OptionalLong.empty(), Set.of()));

        assertThat(outcomes).filteredOn(o -> o instanceof FileStat).hasSize(1);
        assertThat(outcomes).filteredOn(o -> o == Reason.ALREADY_EXISTS).hasSize(DOORS - 1);
        assertThat(read(PosixStorage.open(root), "/shared/file")).matches(payloadPattern());
        assertThat(everythingOnDisk(root)).containsExactly("shared", "shared/file");
    }

    @Test
    void withOverwriteEveryUploadCommitsAndTheFileIsOneWholePayload() throws Exception {
        List<Object> outcomes = race(UploadOptions.defaults());

        assertThat(outcomes).allMatch(o -> o instanceof FileStat);
        assertThat(read(PosixStorage.open(root), "/shared/file")).matches(payloadPattern());
        assertThat(everythingOnDisk(root)).containsExactly("shared", "shared/file");
    }

    /** Each door uploads its own payload; all commit at once. Returns the FileStat or the failure reason. */
    private List<Object> race(UploadOptions options) throws Exception {
        CyclicBarrier allWritten = new CyclicBarrier(DOORS);
        ExecutorService pool = Executors.newFixedThreadPool(DOORS);
        try {
            List<Future<Object>> futures = new ArrayList<>();
            for (int door = 0; door < DOORS; door++) {
                int id = door;
                futures.add(pool.submit(() -> uploadAsDoor(id, options, allWritten)));
            }
            List<Object> outcomes = new ArrayList<>();
            for (Future<Object> future : futures) {
                outcomes.add(future.get());
            }
            return outcomes;
        } finally {
            pool.shutdownNow();
        }
    }

    private Object uploadAsDoor(int id, UploadOptions options, CyclicBarrier allWritten) throws Exception {
        Storage door = PosixStorage.open(root);
        try (Upload upload = door.beginUpload("/shared/file", options)) {
            upload.write(StorageTestSupport.bytes(payload(id)));
            allWritten.await();
            return upload.commit(Map.of());
        } catch (StorageException e) {
            return e.reason();
        }
    }

    private static String payload(int id) {
        return ("door " + id + " ").repeat(1000);
    }

    private static String payloadPattern() {
        return "(door (\\d) )\\1{999}";
    }
}
