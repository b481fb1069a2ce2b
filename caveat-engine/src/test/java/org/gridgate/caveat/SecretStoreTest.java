package org.gridgate.caveat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretStoreTest {
    @TempDir
    Path directory;

    private Path file() {
        return directory.resolve("secrets");
    }

    private SecretStore open() throws IOException {
        return SecretStore.openOrCreate(file(), Fixtures.CLOCK);
    }

    @Test
    void createsAnOwnerOnlyFileWithOneSecret() throws Exception {
        SecretStore store = open();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file()))).isEqualTo("rw-------");
        assertThat(store.activeIds()).containsExactly(store.currentId());
    }

    @Test
    void secretIdIsEightBase64CharactersDerivedFromTheKey() throws Exception {
        SecretStore store = open();
        assertThat(store.currentId()).hasSize(8).matches("[A-Za-z0-9+/]{8}");
        assertThat(IdentifiedSecret.idOf(store.current().key())).isEqualTo(store.currentId());
    }

    @Test
    void reopeningFindsTheSameSecrets() throws Exception {
        SecretStore first = open();
        String rotated = first.rotate();
        SecretStore second = open();
        assertThat(second.currentId()).isEqualTo(rotated);
        assertThat(second.activeIds()).isEqualTo(first.activeIds());
        assertThat(second.current().key()).isEqualTo(first.current().key());
    }

    @Test
    void rotationMakesANewNewestSecretAndKeepsTheOldOneVerifying() throws Exception {
        SecretStore store = open();
        String old = store.currentId();
        String fresh = store.rotate();
        assertThat(fresh).isNotEqualTo(old);
        assertThat(store.currentId()).isEqualTo(fresh);
        assertThat(store.find(old)).isPresent();
    }

    @Test
    void retiredSecretIsNoLongerFoundButKnownAsRetired() throws Exception {
        SecretStore store = open();
        String old = store.currentId();
        store.rotate();
        store.retire(old);
        assertThat(store.find(old)).isEmpty();
        assertThat(store.isRetired(old)).isTrue();
        assertThat(open().isRetired(old)).isTrue();
    }

    @Test
    void retiringErasesTheKeyBytesFromTheFile() throws Exception {
        SecretStore store = open();
        String oldKey = Base64.getEncoder().encodeToString(store.current().key());
        String old = store.currentId();
        store.rotate();
        store.retire(old);
        assertThat(Files.readString(file())).doesNotContain(oldKey).contains("retired " + old);
    }

    @Test
    void refusesToRetireTheOnlyActiveSecret() throws Exception {
        SecretStore store = open();
        assertThatThrownBy(() -> store.retire(store.currentId())).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("rotate first");
    }

    @Test
    void refusesToRetireAnUnknownSecret() throws Exception {
        SecretStore store = open();
        assertThatThrownBy(() -> store.retire("nosuchid")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesAGroupReadableFile() throws Exception {
        open();
        Files.setPosixFilePermissions(file(), PosixFilePermissions.fromString("rw-r-----"));
        assertThatThrownBy(this::open).isInstanceOf(IOException.class)
                .hasMessageContaining("accessible by group or others");
    }

    @Test
    void refusesAWorldReadableFile() throws Exception {
        open();
        Files.setPosixFilePermissions(file(), PosixFilePermissions.fromString("rw----r--"));
        assertThatThrownBy(this::open).isInstanceOf(IOException.class)
                .hasMessageContaining("accessible by group or others");
    }

    @Test
    void refusesASymbolicLink() throws Exception {
        Path real = directory.resolve("real");
        SecretStore.openOrCreate(real, Fixtures.CLOCK);
        Files.createSymbolicLink(file(), real);
        assertThatThrownBy(this::open).isInstanceOf(IOException.class).hasMessageContaining("not a regular file");
    }

    @Test
    void aMalformedLineIsReportedByNumberWithoutItsContent() throws Exception {
        Files.writeString(file(), "gridgate-secrets 1\nactive abc SECRETMATERIAL\n", StandardCharsets.US_ASCII);
        Files.setPosixFilePermissions(file(), PosixFilePermissions.fromString("rw-------"));
        assertThatThrownBy(this::open).isInstanceOf(IOException.class).hasMessageContaining("line 2")
                .hasMessageNotContaining("SECRETMATERIAL");
    }

    @Test
    void refusesAnIdThatDoesNotMatchItsKey() throws Exception {
        SecretStore store = open();
        String text = Files.readString(file()).replace("active " + store.currentId(), "active AAAAAAAA");
        Files.writeString(file(), text);
        assertThatThrownBy(this::open).isInstanceOf(IOException.class).hasMessageContaining("does not match");
    }

    @Test
    void toStringShowsNoKeyMaterial() throws Exception {
        SecretStore store = open();
        String key = Base64.getEncoder().encodeToString(store.current().key());
        assertThat(store.toString()).contains(store.currentId()).doesNotContain(key);
        assertThat(store.current().toString()).doesNotContain(key);
    }

    @Test
    void leavesNoTemporaryFilesBehind() throws Exception {
        SecretStore store = open();
        store.rotate();
        try (var files = Files.list(directory)) {
            assertThat(files).containsExactlyInAnyOrder(file(), directory.resolve(".secrets.lock"));
        }
    }

    @Test
    void reloadSeesRotationByAnotherProcessAndSaysSo() throws Exception {
        SecretStore server = open();
        String first = server.currentId();
        String rotated = open().rotate();
        assertThat(server.reload()).hasValue(rotated + " now signs new macaroons (was " + first + ")");
        assertThat(server.currentId()).isEqualTo(rotated);
        assertThat(server.reload()).as("nothing changed since").isEmpty();
    }

    @Test
    void reloadSaysWhichSecretsWereRetired() throws Exception {
        SecretStore server = open();
        String first = server.currentId();
        SecretStore cli = open();
        String second = cli.rotate();
        server.reload();
        cli.retire(first);
        assertThat(server.reload()).hasValue("retired " + first + ": macaroons they signed are refused from now on");
        assertThat(server.currentId()).isEqualTo(second);
    }

    @Test
    void aPendingSecretVerifiesAtOnceAndSignsOnlyFromItsTime() throws Exception {
        SettableClock clock = new SettableClock(Fixtures.NOW);
        SecretStore store = SecretStore.openOrCreate(file(), clock);
        String old = store.currentId();

        String fresh = store.rotate(Duration.ofSeconds(60));

        assertThat(store.find(fresh)).isPresent();
        assertThat(store.activeIds()).containsExactly(old, fresh);
        assertThat(store.currentId()).isEqualTo(old);
        assertThat(store.signsFrom(fresh)).contains(Fixtures.NOW.plusSeconds(60));
        clock.set(Fixtures.NOW.plusSeconds(59));
        assertThat(store.currentId()).isEqualTo(old);
        clock.set(Fixtures.NOW.plusSeconds(60));
        assertThat(store.currentId()).isEqualTo(fresh);
    }

    @Test
    void anotherDoorKnowsAPendingSecretBeforeItSigns() throws Exception {
        SettableClock clock = new SettableClock(Fixtures.NOW);
        SecretStore door = SecretStore.openOrCreate(file(), clock);
        String fresh = SecretStore.openOrCreate(file(), clock).rotate(Duration.ofSeconds(60));

        clock.set(Fixtures.NOW.plusSeconds(30));
        door.reload();

        assertThat(door.find(fresh)).isPresent();
        assertThat(door.currentId()).isNotEqualTo(fresh);
        clock.set(Fixtures.NOW.plusSeconds(60));
        assertThat(door.currentId()).isEqualTo(fresh);
    }

    @Test
    void aPendingSecretSurvivesTheFileAndOldFilesStillRead() throws Exception {
        SecretStore store = open();
        String old = store.currentId();
        String fresh = store.rotate(Duration.ofSeconds(60));

        assertThat(Files.readAllLines(file())).filteredOn(line -> line.startsWith("active " + old))
                .singleElement().satisfies(line -> assertThat(line.split(" ")).hasSize(4));
        SecretStore reopened = open();
        assertThat(reopened.signsFrom(fresh)).contains(Fixtures.NOW.plusSeconds(60));
        assertThat(reopened.currentId()).isEqualTo(old);
    }

    @Test
    void rotationStartsFromTheFileAsItIsNotFromAStaleCopy() throws Exception {
        SecretStore first = open();
        SecretStore second = open();
        String a = first.rotate();
        String b = second.rotate();

        assertThat(open().activeIds()).contains(a, b).hasSize(3);
    }

    @Test
    void doorsStartingAtOnceOnAnAbsentFileAgreeOnOneSecret() throws Exception {
        for (int round = 0; round < 20; round++) {
            Path shared = directory.resolve("round" + round).resolve("secrets");
            int doors = 6;
            CyclicBarrier start = new CyclicBarrier(doors);
            ExecutorService threads = Executors.newFixedThreadPool(doors);
            try {
                List<Future<String>> ids = new ArrayList<>();
                for (int i = 0; i < doors; i++) {
                    ids.add(threads.submit(() -> {
                        start.await();
                        return SecretStore.openOrCreate(shared, Fixtures.CLOCK).currentId();
                    }));
                }
                Set<String> distinct = new HashSet<>();
                for (Future<String> id : ids) {
                    distinct.add(id.get(30, TimeUnit.SECONDS));
                }
                assertThat(distinct).as("round %d", round).hasSize(1);
                assertThat(SecretStore.openOrCreate(shared, Fixtures.CLOCK).activeIds())
                        .containsExactlyElementsOf(distinct);
            } finally {
                threads.shutdownNow();
            }
        }
    }

    @Test
    void aSecretOfAnotherFileIsNotAdoptedByAFileStore() throws Exception {
        SecretStore store = open();
        assertThatThrownBy(() -> store.adopt(store.shared(), Map.of())).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aHeldStoreAdoptsSharedSecretsAndRefusesToRotateItself() throws Exception {
        SharedSecret first = SharedSecret.generate(Fixtures.NOW, Fixtures.NOW);
        SecretStore held = SecretStore.held(List.of(first), Map.of(), Fixtures.CLOCK);
        SharedSecret next = SharedSecret.decode(SharedSecret.generate(Fixtures.NOW, Fixtures.NOW.plusSeconds(5))
                .encode());

        held.adopt(List.of(first, next), Map.of());

        assertThat(held.activeIds()).containsExactly(first.id(), next.id());
        assertThat(held.currentId()).isEqualTo(first.id());
        assertThatThrownBy(held::rotate).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> held.retire(first.id())).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aSharedSecretRecordIsCheckedAndItsToStringHasNoKey() throws Exception {
        SharedSecret secret = SharedSecret.generate(Fixtures.NOW, Fixtures.NOW);
        String record = new String(secret.encode(), StandardCharsets.US_ASCII);
        String key = record.substring(record.lastIndexOf(' ') + 1);

        assertThat(secret.toString()).contains(secret.id()).doesNotContain(key);
        assertThat(SharedSecret.decode(secret.encode()).id()).isEqualTo(secret.id());
        assertThatThrownBy(() -> SharedSecret.decode(record.replace(secret.id(), "AAAAAAAA")
                .getBytes(StandardCharsets.US_ASCII))).isInstanceOf(IOException.class)
                .hasMessageContaining("does not match");
        assertThatThrownBy(() -> SharedSecret.decode("junk".getBytes(StandardCharsets.US_ASCII)))
                .isInstanceOf(IOException.class);
        assertThatThrownBy(() -> SharedSecret.decode(record.substring(0, record.length() - 4)
                .getBytes(StandardCharsets.US_ASCII))).isInstanceOf(IOException.class)
                .hasMessageNotContaining(key.substring(0, 8));
    }
}
