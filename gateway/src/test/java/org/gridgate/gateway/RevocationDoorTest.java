package org.gridgate.gateway;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.gridgate.gateway.cli.GatewayCommand;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An admin revokes issued macaroons with {@code gateway.jar tokens revoke} while the door runs: by iid, by the
 * identity they were minted for, and everything issued before a time. The door refuses them on the next request
 * after it re-reads the list (every 30 s; here at once), even though it has verified and cached them before.
 */
class RevocationDoorTest {

    @TempDir
    Path dir;

    private TestDoor door;

    @BeforeEach
    void start() throws Exception {
        door = TestDoor.start(dir);
    }

    @AfterEach
    void stop() {
        door.close();
    }

    /** Runs the command line in-process, as {@code java -jar gateway.jar ARGS}; returns stdout, fails on exit != 0. */
    private String cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = GatewayCommand.commandLine().setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true))
                .execute(args);
        assertThat(exit).as("gateway.jar %s\n%s%s", String.join(" ", args), out, err).isZero();
        return out.toString();
    }

    private String secrets() {
        return door.dev.secretsFile().toString();
    }

    private String issueIdOf(String macaroon) {
        return cli("inspect", macaroon).lines().filter(line -> line.startsWith("caveat: iid:"))
                .map(line -> line.substring("caveat: iid:".length())).findFirst().orElseThrow();
    }

    private int download(String macaroon, String path) throws Exception {
        return given(door.anonymous()).header("Authorization", "Bearer " + macaroon).get(path)
                .then().extract().statusCode();
    }

    private String uploaded(String path) throws Exception {
        String token = door.mint(path, "{\"caveats\":[\"activity:UPLOAD,DOWNLOAD\"]}");
        given(door.anonymous()).header("Authorization", "Bearer " + token).body("bytes").put(path)
                .then().statusCode(201);
        assertThat(download(token, path)).isEqualTo(200); // verified, and now in the door's cache
        return token;
    }

    @Test
    void aMacaroonRevokedByIssueIdIsRefusedWithItsReasonAndCounted() throws Exception {
        String revoked = uploaded("/atlas/rev/a");
        String other = uploaded("/atlas/rev/b");

        String said = cli("tokens", "revoke", "--secrets", secrets(), "--iid", issueIdOf(revoked));
        assertThat(said).startsWith("revoked: iid ").contains("in force until: ");
        door.reloadRevocations();

        given(door.anonymous()).header("Authorization", "Bearer " + revoked).get("/atlas/rev/a")
                .then().statusCode(401).body(containsString("Invalid macaroon: revoked"));
        assertThat(download(other, "/atlas/rev/b")).isEqualTo(200);
        assertThat(cli("inspect", "--secrets", secrets(), revoked)).contains("verifies: no (revoked by iid ");
        assertThat(cli("tokens", "revoked", "--secrets", secrets())).contains(issueIdOf(revoked));
        given().baseUri("http://localhost").port(door.metricsPort()).get("/metrics").then()
                .body(containsString("gridgate_revoked_requests_total 1.0"))
                .body(containsString("gridgate_revocations 1.0"));
    }

    @Test
    void aMacaroonAttenuatedAtTheDoorFallsWithItsParent() throws Exception {
        String parent = uploaded("/atlas/rev/c");
        String child = given(door.anonymous()).header("Authorization", "Bearer " + parent)
                .contentType("application/macaroon-request").body("{\"caveats\":[\"activity:DOWNLOAD\"]}")
                .post("/atlas/rev/c").then().statusCode(200).extract().path("macaroon");
        assertThat(download(child, "/atlas/rev/c")).isEqualTo(200);

        cli("tokens", "revoke", "--secrets", secrets(), "--iid", issueIdOf(parent));
        door.reloadRevocations();

        assertThat(download(child, "/atlas/rev/c")).isEqualTo(401);
    }

    @Test
    void revokingAnIdentityRefusesWhatWasMintedForItBeforeNotAfter() throws Exception {
        String before = uploaded("/atlas/rev/d");
        cli("tokens", "revoke", "--secrets", secrets(), "--identity", door.dev.pki().userDn());
        door.reloadRevocations();
        assertThat(download(before, "/atlas/rev/d")).isEqualTo(401);

        // The test door's clock stands still; the revocation was stamped by the real one.
        door.clock.advance(Duration.between(door.clock.instant(), Instant.now()).plusSeconds(5));
        String after = door.mint("/atlas/rev/d", "{\"caveats\":[\"activity:DOWNLOAD\"]}");
        assertThat(download(after, "/atlas/rev/d")).isEqualTo(200);
    }

    @Test
    void revokingEverythingIssuedBeforeATime() throws Exception {
        String old = uploaded("/atlas/rev/e");
        cli("tokens", "revoke", "--secrets", secrets(), "--issued-before", Instant.now().toString());
        door.reloadRevocations();
        assertThat(download(old, "/atlas/rev/e")).isEqualTo(401);
    }

    @Test
    void badArgumentsAreUsageErrors() {
        StringWriter err = new StringWriter();
        int exit = GatewayCommand.commandLine().setOut(new PrintWriter(new StringWriter()))
                .setErr(new PrintWriter(err, true))
                .execute("tokens", "revoke", "--secrets", secrets(), "--issued-before", "2999-01-01T00:00:00Z");
        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("in the future");
        exit = GatewayCommand.commandLine().setOut(new PrintWriter(new StringWriter()))
                .setErr(new PrintWriter(err, true))
                .execute("tokens", "revoke", "--secrets", secrets(), "--iid", "x", "--identity", "/CN=y");
        assertThat(exit).isEqualTo(2);
    }
}
