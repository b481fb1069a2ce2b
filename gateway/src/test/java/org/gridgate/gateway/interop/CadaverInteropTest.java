package org.gridgate.gateway.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.gridgate.gateway.DevDoorExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * cadaver, scripted through a terminal. It has no bearer-token option; it authenticates with a PKCS#12 client
 * certificate ({@code set client-cert}), which must be the user's own certificate: neon sends no chain, so a
 * proxy (which needs the user certificate beside it) is refused. Debian's neon uses GnuTLS, which trusts only
 * the system store, so cadaver asks whether to accept the door's certificate; the session answers yes.
 */
class CadaverInteropTest {

    @RegisterExtension
    static final DevDoorExtension door = DevDoorExtension.dev().requiring("cadaver", "script", "openssl");
    static Path userP12;

    @BeforeAll
    static void seed() throws Exception {
        userP12 = UserPkcs12.export(door.door(), door.scratch().resolve("user.p12"));
        Files.createDirectories(door.scratch().resolve("home"));
    }

    @Test
    void putThenGetReturnsTheSameBytes() throws Exception {
        Path local = LocalFiles.random(door.scratch().resolve("local"), "put.bin", 100_000);
        Path back = door.scratch().resolve("put.back");

        try (Terminal cadaver = openAt("/cadaver/put")) {
            run(cadaver, "/cadaver/put", "put " + local + " f.bin");
            run(cadaver, "/cadaver/put", "get f.bin " + back);
            cadaver.type("quit");
        }

        assertThat(door.dataDir().resolve("cadaver/put/f.bin")).hasSameBinaryContentAs(local);
        assertThat(back).hasSameBinaryContentAs(local);
    }

    @Test
    void lsShowsNamesAndSizes() throws Exception {
        Files.createDirectories(door.dataDir().resolve("cadaver/ls/sub"));
        Files.write(door.dataDir().resolve("cadaver/ls/f.bin"), new byte[4242]);

        String listing;
        try (Terminal cadaver = openAt("/cadaver/ls")) {
            listing = run(cadaver, "/cadaver/ls", "ls");
            cadaver.type("quit");
        }

        assertThat(listing).contains("succeeded").containsPattern("f\\.bin\\s+4242").containsPattern("Coll:\\s+sub");
    }

    @Test
    void mkcolCreatesACollection() throws Exception {
        try (Terminal cadaver = openAt("/cadaver/mkcol")) {
            assertThat(run(cadaver, "/cadaver/mkcol", "mkcol newdir")).contains("succeeded");
            cadaver.type("quit");
        }

        assertThat(door.dataDir().resolve("cadaver/mkcol/newdir")).isDirectory();
    }

    @Test
    void moveRenamesAFile() throws Exception {
        Files.createDirectories(door.dataDir().resolve("cadaver/mv"));
        Files.write(door.dataDir().resolve("cadaver/mv/old"), new byte[12]);

        try (Terminal cadaver = openAt("/cadaver/mv")) {
            assertThat(run(cadaver, "/cadaver/mv", "move old new")).contains("succeeded");
            cadaver.type("quit");
        }

        assertThat(door.dataDir().resolve("cadaver/mv/old")).doesNotExist();
        assertThat(door.dataDir().resolve("cadaver/mv/new")).hasSize(12);
    }

    @Test
    void deleteRemovesAFile() throws Exception {
        Files.createDirectories(door.dataDir().resolve("cadaver/rm"));
        Files.write(door.dataDir().resolve("cadaver/rm/f"), new byte[12]);

        try (Terminal cadaver = openAt("/cadaver/rm")) {
            assertThat(run(cadaver, "/cadaver/rm", "delete f")).contains("succeeded");
            cadaver.type("quit");
        }

        assertThat(door.dataDir().resolve("cadaver/rm/f")).doesNotExist();
    }

    @Test
    void propsetPropgetAndPropdelKeepAndDropADeadProperty() throws Exception {
        Files.createDirectories(door.dataDir().resolve("cadaver/props"));
        Files.write(door.dataDir().resolve("cadaver/props/f"), new byte[3]);

        String set;
        String got;
        String deleted;
        String gone;
        try (Terminal cadaver = openAt("/cadaver/props")) {
            set = run(cadaver, "/cadaver/props", "propset f colour blue");
            got = run(cadaver, "/cadaver/props", "propget f colour");
            deleted = run(cadaver, "/cadaver/props", "propdel f colour");
            gone = run(cadaver, "/cadaver/props", "propget f colour");
            cadaver.type("quit");
        }

        assertThat(set).contains("Setting property on `f': succeeded.");
        assertThat(got).contains("Value of colour is: blue");
        assertThat(deleted).contains("Deleting property on `f': succeeded.");
        assertThat(gone).contains("404 Not Found").doesNotContain("blue");
    }

    /** Starts cadaver with the user's certificate, opens the collection and accepts the door's certificate. */
    private static Terminal openAt(String collection) throws Exception {
        Files.createDirectories(door.dataDir().resolve(collection.substring(1)));
        Terminal cadaver = Terminal.start("cadaver",
                Map.of("HOME", door.scratch().resolve("home").toString(), "TERM", "dumb"), door.scratch());
        cadaver.expect("dav:!> ");
        cadaver.type("set client-cert " + userP12);
        cadaver.expect("dav:!> ");
        cadaver.type("open https://localhost:" + door.port() + collection + "/");
        cadaver.expect("Do you wish to accept the certificate? (y/n) ");
        cadaver.type("y");
        cadaver.expect(prompt(collection));
        return cadaver;
    }

    /** Types a command and returns what cadaver printed before its next prompt. */
    private static String run(Terminal cadaver, String collection, String command) throws Exception {
        cadaver.type(command);
        return cadaver.expect(prompt(collection));
    }

    private static String prompt(String collection) {
        return "dav:" + collection + "/> ";
    }
}
