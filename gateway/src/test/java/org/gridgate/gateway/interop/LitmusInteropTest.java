package org.gridgate.gateway.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.gridgate.gateway.ExternalTool;
import org.gridgate.gateway.TestDoor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The litmus WebDAV conformance suites, authenticated with the dev user's PKCS#12 certificate ({@code -c}); the
 * door needs no anonymous or Basic area for them. litmus does not verify the server certificate. The props
 * suite is not run: this door keeps no dead properties, so PROPPATCH answers 403 and most of it is skipped
 * (see INTEROP.md).
 */
class LitmusInteropTest {

    @TempDir
    static Path dir;
    static TestDoor door;
    static Path userP12;

    @BeforeAll
    static void startDoor() throws Exception {
        ExternalTool.require("litmus");
        ExternalTool.require("openssl");
        door = TestDoor.start(dir.resolve("dev"));
        userP12 = UserPkcs12.export(door, dir.resolve("user.p12"));
    }

    @AfterAll
    static void stopDoor() {
        if (door != null) {
            door.close();
        }
    }

    @Test
    void basicSuitePasses() throws Exception {
        ExternalTool.Result litmus = litmus("basic");

        assertThat(litmus.stdout()).contains("summary for `basic': of 16 tests run: 16 passed, 0 failed");
        assertThat(litmus.exitCode()).isZero();
    }

    @Test
    void deleteWithAFragmentDoesNotRemoveTheCollection() throws Exception {
        ExternalTool.Result litmus = litmus("basic");

        assertThat(litmus.stdout()).doesNotContain("DELETE removed collection resource with Request-URI including "
                + "fragment");
    }

    @Test
    void copymoveSuitePasses() throws Exception {
        ExternalTool.Result litmus = litmus("copymove");

        assertThat(litmus.stdout()).contains("summary for `copymove': of 13 tests run: 13 passed, 0 failed");
        assertThat(litmus.stdout()).doesNotContain("WARNING");
        assertThat(litmus.exitCode()).isZero();
    }

    @Test
    void httpSuitePasses() throws Exception {
        ExternalTool.Result litmus = litmus("http");

        assertThat(litmus.stdout()).contains("summary for `http': of 3 tests run: 3 passed, 0 failed");
        assertThat(litmus.exitCode()).isZero();
    }

    @Test
    void locksSuiteFindsAClassOneServerAndSkipsLocking() throws Exception {
        ExternalTool.Result litmus = litmus("locks");

        assertThat(litmus.stdout()).contains("server does not claim Class 2 compliance")
                .contains("summary for `locks': of 3 tests run: 3 passed, 0 failed");
        assertThat(litmus.exitCode()).isZero();
    }

    /** Runs one suite in a collection of its own; litmus creates {@code litmus/} below it. */
    private static ExternalTool.Result litmus(String suite) throws Exception {
        String base = "/litmus-" + suite + "-" + System.nanoTime();
        Files.createDirectories(door.dataDir().resolve(base.substring(1)));
        Path work = Files.createDirectories(dir.resolve("work" + base));
        return ExternalTool.bash("cd \"$WORK\" && litmus -c \"$P12\" https://localhost:$PORT" + base + "/",
                Map.of("TESTS", suite, "WORK", work.toString(), "P12", userP12.toString(),
                        "PORT", Integer.toString(door.port())), 120);
    }
}
