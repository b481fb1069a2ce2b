package org.gridgate.caveat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.nitram509.jmacaroons.MacaroonsSerializer;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MacaroonInspectorTest {
    @TempDir
    Path directory;

    private SecretStore store;
    private MacaroonVerifier verifier;

    @BeforeEach
    void setUp() {
        store = Fixtures.store(directory);
        verifier = new MacaroonVerifier(store, Fixtures.CLOCK);
    }

    @Test
    void describesIdentifierLocationCaveatsAndExpiry() {
        String token = Fixtures.mint(store, "iid:abc", "before:2026-03-02T00:00:00Z", "path:/data",
                "before:2026-03-01T18:00:00Z");
        assertThat(MacaroonInspector.describe(token, Optional.empty())).containsExactly(
                "identifier: " + store.currentId(),
                "location: test",
                "caveat: iid:abc",
                "caveat: before:2026-03-02T00:00:00Z",
                "caveat: path:/data",
                "caveat: before:2026-03-01T18:00:00Z",
                "expires: 2026-03-01T18:00:00Z");
    }

    @Test
    void saysWhenItVerifies() {
        String token = Fixtures.mint(store, Fixtures.IN_ONE_HOUR);
        assertThat(MacaroonInspector.describe(token, Optional.of(verifier))).last().isEqualTo("verifies: yes");
    }

    @Test
    void saysIpCaveatsWereNotChecked() {
        String token = Fixtures.mint(store, Fixtures.IN_ONE_HOUR, "ip:198.51.100.1");
        assertThat(MacaroonInspector.describe(token, Optional.of(verifier))).last()
                .isEqualTo("verifies: yes (ip: caveats not checked)");
    }

    @Test
    void saysWhyItDoesNotVerify() {
        String token = Fixtures.mint(store, "before:2026-03-01T00:00:00Z");
        assertThat(MacaroonInspector.describe(token, Optional.of(verifier))).last()
                .isEqualTo("verifies: no (expired: before:2026-03-01T00:00:00Z)");
    }

    @Test
    void saysWhenThereIsNoExpiry() {
        assertThat(MacaroonInspector.describe(Fixtures.mint(store, "path:/x"), Optional.empty()))
                .contains("expires: never (no before: caveat; refused)");
    }

    @Test
    void neverPrintsTheSignature() {
        String token = Fixtures.mint(store, Fixtures.IN_ONE_HOUR);
        String signature = MacaroonsSerializer.V1.deserialize(token).signature;
        List<String> lines = MacaroonInspector.describe(token, Optional.of(verifier));
        assertThat(String.join("\n", lines)).doesNotContain(signature).doesNotContainIgnoringCase("signature");
    }

    @Test
    void escapesControlCharactersFromTheToken() {
        String token = Fixtures.mint(store, "path:/x\u001b[31m");
        assertThat(MacaroonInspector.describe(token, Optional.empty())).contains("caveat: path:/x\\u001b[31m");
    }

    @Test
    void refusesSomethingThatIsNotAMacaroon() {
        assertThatThrownBy(() -> MacaroonInspector.describe("hello world", Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("not a macaroon");
    }
}
