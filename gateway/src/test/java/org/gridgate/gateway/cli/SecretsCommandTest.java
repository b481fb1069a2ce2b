package org.gridgate.gateway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import org.gridgate.gateway.TestDoor;
import org.gridgate.gateway.server.DoorServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Key rotation with {@code gateway.jar secrets} on a dev door's secrets file: what was minted before a rotation
 * keeps verifying until its key is retired, and the file stays owner-only throughout.
 */
class SecretsCommandTest {

    @TempDir
    Path dir;
    TestDoor door;
    String file;
    String firstKey;

    @BeforeEach
    void startDoor() throws Exception {
        door = TestDoor.start(dir.resolve("dev"));
        file = door.dev.secretsFile().toString();
        firstKey = signingKey();
    }

    @AfterEach
    void stopDoor() {
        door.close();
    }

    private String signingKey() {
        CliRun list = CliRun.of("secrets", "list", "--secrets", file);
        assertThat(list.exitCode()).as(list::toString).isZero();
        return list.outLines().get(0).substring("signing: ".length());
    }

    private String verdict(String macaroon) {
        CliRun inspect = CliRun.of("inspect", macaroon, "--secrets", file);
        assertThat(inspect.exitCode()).as(inspect::toString).isZero();
        return inspect.outLines().get(inspect.outLines().size() - 1);
    }

    private String permissions() throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(Path.of(file)));
    }

    @Test
    void listShowsTheSigningKeyAndTheVerifyingOnes() {
        CliRun run = CliRun.of("secrets", "list", "--secrets", file);

        assertThat(run.exitCode()).as(run::toString).isZero();
        assertThat(run.outLines()).containsExactly("signing: " + firstKey, "verifying: " + firstKey);
        assertThat(run.err()).isEmpty();
    }

    @Test
    void rotationKeepsOldMacaroonsValidUntilTheirKeyIsRetired() throws Exception {
        String before = door.mint("/atlas/out/file1", "{\"caveats\":[\"activity:UPLOAD\"]}");

        CliRun rotate = CliRun.of("secrets", "rotate", "--now", "--secrets", file);

        assertThat(rotate.exitCode()).as(rotate::toString).isZero();
        String secondKey = rotate.outLines().get(0).substring("signing: ".length());
        assertThat(secondKey).isNotEqualTo(firstKey);
        assertThat(CliRun.of("secrets", "list", "--secrets", file).outLines())
                .containsExactly("signing: " + secondKey, "verifying: " + firstKey + " " + secondKey);
        assertThat(verdict(before)).isEqualTo("verifies: yes");
        assertThat(permissions()).isEqualTo("rw-------");

        CliRun retire = CliRun.of("secrets", "retire", firstKey, "--secrets", file);

        assertThat(retire.exitCode()).as(retire::toString).isZero();
        assertThat(retire.outLines()).containsExactly("retired: " + firstKey);
        assertThat(verdict(before)).isEqualTo("verifies: no (signed by retired secret " + firstKey + ")");
        assertThat(CliRun.of("secrets", "list", "--secrets", file).outLines())
                .containsExactly("signing: " + secondKey, "verifying: " + secondKey);
        assertThat(permissions()).isEqualTo("rw-------");
    }

    @Test
    void aRotatedKeyVerifiesAtOnceButSignsOnlyOnceEveryDoorHasReReadTheFile() throws Exception {
        Instant before = Instant.now();

        CliRun rotate = CliRun.of("secrets", "rotate", "--secrets", file);

        assertThat(rotate.exitCode()).as(rotate::toString).isZero();
        assertThat(rotate.outLines()).hasSize(2);
        String secondKey = rotate.outLines().get(0).substring("verifying: ".length());
        String signsFrom = rotate.outLines().get(1);
        assertThat(signsFrom).startsWith("signing from ").endsWith(": " + secondKey);
        Instant from = Instant.parse(signsFrom.substring("signing from ".length(), signsFrom.indexOf(": ")));
        assertThat(from).isAfterOrEqualTo(before.plusSeconds(2L * DoorServer.SECRET_RELOAD_SECONDS));
        assertThat(CliRun.of("secrets", "list", "--secrets", file).outLines()).containsExactly(
                "signing: " + firstKey, "verifying: " + firstKey + " " + secondKey, signsFrom);
        assertThat(permissions()).isEqualTo("rw-------");
    }

    @Test
    void rotateCreatesAnAbsentFileWithAFirstKeyThatSignsAtOnce() throws Exception {
        Path fresh = dir.resolve("fresh-secrets");

        CliRun run = CliRun.of("secrets", "rotate", "--secrets", fresh.toString());

        assertThat(run.exitCode()).as(run::toString).isZero();
        assertThat(run.outLines()).hasSize(2);
        assertThat(run.outLines().get(0)).isEqualTo("created " + fresh);
        String key = run.outLines().get(1).substring("signing: ".length());
        assertThat(CliRun.of("secrets", "list", "--secrets", fresh.toString()).outLines())
                .containsExactly("signing: " + key, "verifying: " + key);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(fresh))).isEqualTo("rw-------");
    }

    @Test
    void rotateIntoAMissingDirectoryIsAUsageError() {
        Path missing = dir.resolve("typo").resolve("secrets");

        CliRun run = CliRun.of("secrets", "rotate", "--secrets", missing.toString());

        assertThat(run.exitCode()).as(run::toString).isEqualTo(2);
        assertThat(run.errLines()).containsExactly("No directory " + missing.getParent() + " for the secrets file");
        assertThat(missing.getParent()).doesNotExist();
    }

    @Test
    void theOnlyKeyIsNotRetired() throws Exception {
        String content = Files.readString(Path.of(file));

        CliRun run = CliRun.of("secrets", "retire", firstKey, "--secrets", file);

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).isEmpty();
        assertThat(run.errLines()).containsExactly(
                "cannot retire the only active secret " + firstKey + "; rotate first");
        assertThat(Files.readString(Path.of(file))).isEqualTo(content);
    }

    @Test
    void theSigningKeyIsRetiredOnlyWithForceAndTheRefusalSaysWhatWouldHappen() throws Exception {
        String secondKey = CliRun.of("secrets", "rotate", "--now", "--secrets", file).outLines().get(0)
                .substring("signing: ".length());
        String content = Files.readString(Path.of(file));

        CliRun refused = CliRun.of("secrets", "retire", secondKey, "--secrets", file);

        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.errLines()).containsExactly(secondKey + " signs new macaroons; retiring it would make the "
                + "older " + firstKey + " sign them again, and every macaroon " + secondKey + " signed would be "
                + "refused. Rotate first (gateway.jar secrets rotate), or add --force to retire it anyway");
        assertThat(Files.readString(Path.of(file))).isEqualTo(content);

        CliRun forced = CliRun.of("secrets", "retire", secondKey, "--force", "--secrets", file);

        assertThat(forced.exitCode()).as(forced::toString).isZero();
        assertThat(signingKey()).isEqualTo(firstKey);
    }

    @Test
    void unknownKeyIdIsRefused() {
        CliRun run = CliRun.of("secrets", "retire", "NoSuchId", "--secrets", file);

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.errLines()).containsExactly("no active secret with id NoSuchId");
    }

    @Test
    void listOrRetireOnAMissingSecretsFileIsAUsageErrorAndCreatesNothing() {
        Path missing = dir.resolve("typo-secrets");

        for (String[] command : new String[][] {
                {"secrets", "list", "--secrets", missing.toString()},
                {"secrets", "retire", "SomeId", "--secrets", missing.toString()}}) {
            CliRun run = CliRun.of(command);

            assertThat(run.exitCode()).as(run::toString).isEqualTo(2);
            assertThat(run.errLines()).containsExactly("No secrets file at " + missing);
        }
        assertThat(missing).doesNotExist();
    }
}
