package org.gridgate.gateway;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.gridgate.caveat.Revocations;
import org.gridgate.caveat.SecretStore;
import org.gridgate.gateway.cli.GatewayCommand;
import org.gridgate.gateway.server.SharedState;
import org.gridgate.storage.PosixStorage;
import org.gridgate.storage.Storage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two doors sharing a storage root, a secrets file and the revocation list beside it, as two processes on two
 * machines would: a macaroon minted at one works at both until an admin revokes it (by iid, by identity, or
 * everything issued before a time); then both refuse it once they have re-read the list.
 */
class RevocationAtTwoDoorsTest {

    @TempDir
    static Path dir;

    static Path secrets;
    static TestDoor first;
    static TestDoor second;

    @BeforeAll
    static void start() throws Exception {
        Path root = Files.createDirectories(dir.resolve("shared-root"));
        secrets = dir.resolve("shared-secrets");
        SecretStore.openOrCreate(secrets, Clock.systemUTC());
        first = door("door1", root);
        second = door("door2", root);
    }

    /** Each door opens the shared files itself, as a door on another machine would. */
    private static TestDoor door(String name, Path root) throws Exception {
        Storage storage = PosixStorage.open(root);
        SecretStore store = SecretStore.openOrCreate(secrets, Clock.systemUTC());
        Revocations revocations = Revocations.open(Revocations.besideSecrets(secrets), Clock.systemUTC());
        return TestDoor.startAdjusted(dir.resolve(name), services -> services.withStorage(storage)
                .withSecrets(store, SharedState.file(store)).withRevocations(revocations));
    }

    @AfterAll
    static void stop() {
        for (TestDoor door : List.of(first, second)) {
            if (door != null) {
                door.close();
            }
        }
    }

    private static String cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = GatewayCommand.commandLine().setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true))
                .execute(args);
        assertThat(exit).as("gateway.jar %s\n%s%s", String.join(" ", args), out, err).isZero();
        return out.toString();
    }

    private static int get(TestDoor door, String macaroon, String path) throws Exception {
        return given(door.anonymous()).header("Authorization", "Bearer " + macaroon).get(path)
                .then().extract().statusCode();
    }

    /** Minted at the first door, uploaded through the second, readable at both. */
    private static String uploadedThroughBoth(String path) throws Exception {
        String macaroon = first.mint(path, "{\"caveats\":[\"activity:UPLOAD,DOWNLOAD\"]}");
        given(second.anonymous()).header("Authorization", "Bearer " + macaroon).body("shared").put(path)
                .then().statusCode(201);
        assertThat(get(first, macaroon, path)).isEqualTo(200);
        assertThat(get(second, macaroon, path)).isEqualTo(200);
        return macaroon;
    }

    private static void revokeAndReload(String... how) throws Exception {
        String[] args = new String[4 + how.length];
        args[0] = "tokens";
        args[1] = "revoke";
        args[2] = "--secrets";
        args[3] = secrets.toString();
        System.arraycopy(how, 0, args, 4, how.length);
        cli(args);
        first.reloadRevocations();
        second.reloadRevocations();
    }

    private static String issueIdOf(String macaroon) {
        return cli("inspect", macaroon).lines().filter(line -> line.startsWith("caveat: iid:"))
                .map(line -> line.substring("caveat: iid:".length())).findFirst().orElseThrow();
    }

    /**
     * The three kinds in one order, each on macaroons the entries before it do not cover: revocations are shared
     * state, as they are meant to be.
     */
    @Test
    void eachKindIsRefusedAtBothDoors() throws Exception {
        String revoked = uploadedThroughBoth("/atlas/two/a");
        String kept = uploadedThroughBoth("/atlas/two/b");
        revokeAndReload("--iid", issueIdOf(revoked));
        assertThat(get(first, revoked, "/atlas/two/a")).isEqualTo(401);
        assertThat(get(second, revoked, "/atlas/two/a")).isEqualTo(401);
        assertThat(get(second, kept, "/atlas/two/b")).isEqualTo(200);

        // Everything minted before now: the test doors' clocks stood still at their start, before it.
        revokeAndReload("--issued-before", Instant.now().toString());
        assertThat(get(first, kept, "/atlas/two/b")).isEqualTo(401);
        assertThat(get(second, kept, "/atlas/two/b")).isEqualTo(401);

        // Minted after that cutoff (the minting door's clock moved past it), then its identity revoked a little
        // later by the real clock: refused at both doors.
        first.clock.advance(Duration.between(first.clock.instant(), Instant.now()).plusSeconds(2));
        String mine = uploadedThroughBoth("/atlas/two/c");
        Thread.sleep(3_000);
        revokeAndReload("--identity", first.dev.pki().userDn());
        assertThat(get(first, mine, "/atlas/two/c")).isEqualTo(401);
        assertThat(get(second, mine, "/atlas/two/c")).isEqualTo(401);
    }
}
