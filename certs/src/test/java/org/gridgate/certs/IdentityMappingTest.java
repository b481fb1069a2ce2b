package org.gridgate.certs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdentityMappingTest {
    private static final String ALICE = "/DC=org/DC=example/CN=Alice Grid";
    private static final String BOB = "/DC=org/DC=example/CN=Bob";

    @TempDir
    Path dir;
    Path gridMapfile;
    Path voRoleMapfile;
    Path passwd;
    Path group;

    @BeforeEach
    void writeFiles() throws IOException {
        gridMapfile = Files.writeString(dir.resolve("grid-mapfile"), """
                # site users
                "/DC=org/DC=example/CN=Alice Grid" alice,alice2

                /DC=org/DC=example/CN=Bob bob
                "/DC=org/DC=example/CN=Ghost" ghost
                """);
        voRoleMapfile = Files.writeString(dir.resolve("vorolemap"), """
                # gPlazma vorolemap
                "/DC=org/DC=example/CN=Alice Grid" "/testvo/prod/Role=production" alice
                "*" "/testvo/prod/Role=production" testprod
                "*" "/testvo" testvo001
                """);
        passwd = Files.writeString(dir.resolve("passwd"), """
                alice:x:1001:1001:Alice:/home/alice:/bin/bash
                bob:x:1002:1002::/home/bob:/bin/sh
                testprod:x:2001:2000::/home/testprod:/sbin/nologin
                testvo001:x:2002:2000::/home/testvo001:/sbin/nologin
                """);
        group = Files.writeString(dir.resolve("group"), """
                alice:x:1001:
                bob:x:1002:
                testvo:x:2000:
                storage:x:3000:alice,testprod
                readers:x:3001:alice
                """);
    }

    private IdentityMapping mapping() throws IOException {
        return IdentityMapping.fromFiles(Optional.of(gridMapfile), Optional.of(voRoleMapfile), passwd, group);
    }

    @Test
    void noneMapsNobody() {
        assertThat(IdentityMapping.none().map(ALICE, List.of("/testvo"))).isEmpty();
    }

    @Test
    void quotedDnInGridMapfileMapsToTheFirstListedAccount() throws IOException {
        assertThat(mapping().map(ALICE, List.of()))
                .contains(new LocalAccount("alice", 1001, List.of(1001L, 3000L, 3001L)));
    }

    @Test
    void unquotedDnInGridMapfileMaps() throws IOException {
        assertThat(mapping().map(BOB, List.of())).map(LocalAccount::username).contains("bob");
    }

    @Test
    void dnMatchingIgnoresAttributeLabelCase() throws IOException {
        assertThat(mapping().map("/dc=org/dc=example/cn=Bob", List.of())).map(LocalAccount::username).contains("bob");
    }

    @Test
    void unmappedDnHasNoAccount() throws IOException {
        assertThat(mapping().map("/DC=org/DC=example/CN=Nobody", List.of())).isEmpty();
    }

    @Test
    void accountMissingFromPasswdMeansNoAccount() throws IOException {
        assertThat(mapping().map("/DC=org/DC=example/CN=Ghost", List.of())).isEmpty();
    }

    @Test
    void fqanMappingWinsOverTheGridMapfile() throws IOException {
        assertThat(mapping().map(BOB, List.of("/testvo/Role=NULL/Capability=NULL")))
                .contains(new LocalAccount("testvo001", 2002, List.of(2000L)));
    }

    @Test
    void primaryFqanIsTriedFirst() throws IOException {
        List<String> fqans = List.of("/testvo/prod/Role=production/Capability=NULL", "/testvo/Role=NULL/Capability=NULL");

        assertThat(mapping().map(BOB, fqans)).map(LocalAccount::username).contains("testprod");
    }

    @Test
    void dnSpecificFqanLineListedFirstWins() throws IOException {
        assertThat(mapping().map(ALICE, List.of("/testvo/prod/Role=production/Capability=NULL")))
                .map(LocalAccount::username).contains("alice");
    }

    @Test
    void unmappedFqanFallsBackToTheGridMapfile() throws IOException {
        assertThat(mapping().map(BOB, List.of("/othervo/Role=NULL/Capability=NULL")))
                .map(LocalAccount::username).contains("bob");
    }

    @Test
    void unterminatedQuoteIsAnErrorWithTheLineNumber() throws IOException {
        Files.writeString(gridMapfile, "# ok\n\"/DC=org/CN=Broken bob\n");

        assertThatThrownBy(this::mapping).isInstanceOf(IOException.class).hasMessageContaining("grid-mapfile:2");
    }

    @Test
    void systemPasswdIsReadable() throws IOException {
        Files.writeString(gridMapfile, "\"/DC=org/DC=example/CN=Root\" root\n");

        IdentityMapping mapping = IdentityMapping.fromFiles(Optional.of(gridMapfile), Optional.empty());

        assertThat(mapping.map("/DC=org/DC=example/CN=Root", List.of())).map(LocalAccount::uid).contains(0L);
    }

    private IdentityMapping mapping(HandClock clock) throws IOException {
        return IdentityMapping.fromFiles(Optional.of(gridMapfile), Optional.of(voRoleMapfile), passwd, group, clock);
    }

    /** Rewrites a mapping file as an admin would, with a later modification time whatever the file system's grain. */
    private static void edit(Path file, String content) throws IOException {
        FileTime before = Files.getLastModifiedTime(file);
        Files.writeString(file, content);
        Files.setLastModifiedTime(file, FileTime.from(before.toInstant().plusSeconds(1)));
    }

    private static Optional<String> username(IdentityMapping mapping, String dn) {
        return mapping.map(dn, List.of()).map(LocalAccount::username);
    }

    @Test
    void editedGridMapfileIsReadAgainOnceTheIntervalHasPassed() throws IOException {
        HandClock clock = new HandClock();
        IdentityMapping mapping = mapping(clock);
        assertThat(username(mapping, ALICE)).contains("alice");

        edit(gridMapfile, "\"" + ALICE + "\" bob\n");
        assertThat(username(mapping, ALICE)).as("not checked again yet").contains("alice");

        clock.advance(IdentityMapping.RECHECK_INTERVAL);
        assertThat(username(mapping, ALICE)).contains("bob");
        assertThat(username(mapping, BOB)).as("the old line is gone").isEmpty();
    }

    @Test
    void editedPasswdFileIsReadAgain() throws IOException {
        HandClock clock = new HandClock();
        IdentityMapping mapping = mapping(clock);

        edit(passwd, Files.readString(passwd).replace("alice:x:1001:1001", "alice:x:1101:1001"));
        clock.advance(IdentityMapping.RECHECK_INTERVAL);

        assertThat(mapping.map(ALICE, List.of())).map(LocalAccount::uid).contains(1101L);
    }

    @Test
    void brokenEditKeepsTheMappingReadBeforeUntilItIsMended() throws IOException {
        HandClock clock = new HandClock();
        IdentityMapping mapping = mapping(clock);

        edit(gridMapfile, "\"" + ALICE + " bob\n"); // unterminated quote
        clock.advance(IdentityMapping.RECHECK_INTERVAL);
        assertThat(username(mapping, ALICE)).contains("alice");

        edit(gridMapfile, "\"" + ALICE + "\" bob\n");
        clock.advance(IdentityMapping.RECHECK_INTERVAL);
        assertThat(username(mapping, ALICE)).contains("bob");
    }

    @Test
    void deletedFileKeepsTheMappingReadBefore() throws IOException {
        HandClock clock = new HandClock();
        IdentityMapping mapping = mapping(clock);

        Files.delete(voRoleMapfile);
        clock.advance(IdentityMapping.RECHECK_INTERVAL);

        assertThat(mapping.map(BOB, List.of("/testvo/Role=NULL/Capability=NULL"))).as("from the vorolemap")
                .map(LocalAccount::username).contains("testvo001");
    }
}
