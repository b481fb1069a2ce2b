package org.gridgate.caveat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
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
            assertThat(files).containsExactly(file());
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
}
