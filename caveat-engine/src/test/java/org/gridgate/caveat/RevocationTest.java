package org.gridgate.caveat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.gridgate.caveat.Fixtures.CLIENT;
import static org.gridgate.caveat.Fixtures.NOW;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Revocation: by iid (and what was minted from it), by principal, and of everything minted before a time; checked on
 * every verification, cached ones included; entries dropped once what they cover has expired.
 */
class RevocationTest {
    private static final Duration MAX_LIFETIME = Duration.ofDays(7);
    private static final Requester ALICE = new Requester("/DC=org/DC=example/CN=Alice", List.of(), Optional.empty(),
            Optional.empty());
    private static final Requester BOB = new Requester("/DC=org/DC=example/CN=Bob", List.of(), Optional.empty(),
            Optional.empty());
    private static final PolicyRule ALL = new PolicyRule("all", EnumSet.allOf(Activity.class), List.of("/"),
            MAX_LIFETIME, Duration.ofDays(1), List.of());

    @TempDir
    Path directory;

    private final SettableClock clock = new SettableClock(NOW);
    private SecretStore store;
    private Path revokedFile;
    /** The admin's side: what {@code gateway.jar tokens revoke} writes through. */
    private Revocations admin;
    /** The door's side: its own view of the same file, current after {@link Revocations#reload()}. */
    private Revocations door;
    private MacaroonVerifier verifier;
    private MacaroonIssuer issuer;

    @BeforeEach
    void setUp() throws IOException {
        store = SecretStore.openOrCreate(directory.resolve("secrets"), clock);
        revokedFile = Revocations.besideSecrets(directory.resolve("secrets"));
        admin = Revocations.open(revokedFile, clock);
        door = Revocations.open(revokedFile, clock);
        verifier = new MacaroonVerifier(store, door, clock, 100);
        issuer = new MacaroonIssuer(store, requester -> Optional.of(ALL), clock, Duration.ofDays(1), MAX_LIFETIME);
    }

    private MintedMacaroon mint(Requester requester) throws MintRefusedException {
        return issuer.issue(requester, "/data/file", new MacaroonRequest(List.of(), Optional.empty()));
    }

    private String revokedReason(String token) {
        try {
            verifier.verify(token, CLIENT);
            return "verified";
        } catch (RevokedMacaroonException e) {
            return "revoked: " + e.revocation().kind();
        } catch (InvalidMacaroonException e) {
            return "invalid: " + e.clientReason();
        }
    }

    @Test
    void anIssueIdRevokedAtTheAdminIsRefusedAtTheDoorAfterReloadEvenWhenCached() throws Exception {
        MintedMacaroon minted = mint(ALICE);
        MintedMacaroon other = mint(ALICE);
        assertThat(revokedReason(minted.serialized())).isEqualTo("verified"); // now cached

        admin.revokeIssueId(minted.issueId(), MAX_LIFETIME);
        door.reload();

        assertThat(revokedReason(minted.serialized())).isEqualTo("revoked: ISSUE_ID");
        assertThat(revokedReason(other.serialized())).isEqualTo("verified");
    }

    @Test
    void revokingAnIssueIdCoversWhatWasAttenuatedFromItAtTheDoorAndOffline() throws Exception {
        MintedMacaroon parent = mint(ALICE);
        MacaroonRights parentRights = verifier.verify(parent.serialized(), CLIENT);
        MintedMacaroon child = issuer.attenuate(parentRights, "/data/file",
                new MacaroonRequest(List.of("activity:DOWNLOAD"), Optional.empty()));
        MintedMacaroon grandchild = issuer.attenuate(verifier.verify(child.serialized(), CLIENT), "/data/file",
                new MacaroonRequest(List.of(), Optional.empty()));
        String offline = Fixtures.append(parent.serialized(), "activity:DOWNLOAD");
        assertThat(child.issueId()).startsWith(parent.issueId() + ".");
        assertThat(grandchild.issueId()).startsWith(child.issueId() + ".");

        door.reload();
        admin.revokeIssueId(child.issueId(), MAX_LIFETIME);
        door.reload();

        assertThat(revokedReason(child.serialized())).isEqualTo("revoked: ISSUE_ID");
        assertThat(revokedReason(grandchild.serialized())).isEqualTo("revoked: ISSUE_ID");
        assertThat(revokedReason(parent.serialized())).as("the parent is not revoked by its child")
                .isEqualTo("verified");

        admin.revokeIssueId(parent.issueId(), MAX_LIFETIME);
        door.reload();
        assertThat(revokedReason(parent.serialized())).isEqualTo("revoked: ISSUE_ID");
        assertThat(revokedReason(offline)).isEqualTo("revoked: ISSUE_ID");
    }

    @Test
    void aPrincipalIsRevokedForWhatWasMintedUpToNowNotAfter() throws Exception {
        MintedMacaroon before = mint(ALICE);
        MintedMacaroon bobs = mint(BOB);
        admin.revokePrincipal(ALICE.dn(), MAX_LIFETIME);
        door.reload();
        clock.advance(Duration.ofSeconds(2));
        MintedMacaroon after = mint(ALICE);

        assertThat(revokedReason(before.serialized())).isEqualTo("revoked: PRINCIPAL");
        assertThat(revokedReason(bobs.serialized())).isEqualTo("verified");
        assertThat(revokedReason(after.serialized())).isEqualTo("verified");
    }

    @Test
    void everythingMintedBeforeATimeIsRefused() throws Exception {
        MintedMacaroon old = mint(ALICE);
        String legacy = Fixtures.mint(store, "iid:AbCd1234", "before:2026-03-01T18:00:00Z");
        clock.advance(Duration.ofMinutes(10));
        MintedMacaroon recent = mint(BOB);

        admin.revokeIssuedBefore(NOW.plus(Duration.ofMinutes(5)), MAX_LIFETIME);
        door.reload();

        assertThat(revokedReason(old.serialized())).isEqualTo("revoked: ISSUED_BEFORE");
        assertThat(revokedReason(legacy)).as("an iid of another shape counts as minted at the epoch")
                .isEqualTo("revoked: ISSUED_BEFORE");
        assertThat(revokedReason(recent.serialized())).isEqualTo("verified");
    }

    @Test
    void anIssueIdOfAnotherShapeIsNeverMatchedByPrincipal() throws Exception {
        String legacy = Fixtures.mint(store, "iid:AbCd1234", "before:2026-03-01T18:00:00Z");
        admin.revokePrincipal(ALICE.dn(), MAX_LIFETIME);
        door.reload();
        assertThat(revokedReason(legacy)).isEqualTo("verified");
        admin.revokeIssueId("AbCd1234", MAX_LIFETIME);
        door.reload();
        assertThat(revokedReason(legacy)).isEqualTo("revoked: ISSUE_ID");
    }

    @Test
    void aCutoffInTheFutureIsRefused() {
        assertThatThrownBy(() -> admin.revokeIssuedBefore(NOW.plusSeconds(60), MAX_LIFETIME))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("in the future");
    }

    @Test
    void entriesAreDroppedOnceEveryMacaroonTheyCoverHasExpired() throws Exception {
        MintedMacaroon minted = mint(ALICE);
        admin.revokeIssueId(minted.issueId(), MAX_LIFETIME);
        admin.revokePrincipal(BOB.dn(), MAX_LIFETIME);
        assertThat(admin.entries()).hasSize(2);

        clock.advance(MAX_LIFETIME.plusSeconds(1));
        admin.revokeIssuedBefore(clock.instant().minusSeconds(1), MAX_LIFETIME);

        assertThat(admin.entries()).extracting(Revocation::kind).containsExactly(Revocation.Kind.ISSUED_BEFORE);
        assertThat(Files.readString(revokedFile)).doesNotContain("principal").doesNotContain(minted.issueId());
    }

    @Test
    void aMissingFileRevokesNothingAndOneCreatedLaterIsSeenOnReload() throws Exception {
        assertThat(Files.exists(revokedFile)).isFalse();
        MintedMacaroon minted = mint(ALICE);
        assertThat(revokedReason(minted.serialized())).isEqualTo("verified");
        Revocations.open(revokedFile, clock).revokePrincipal(ALICE.dn(), MAX_LIFETIME);
        door.reload();
        assertThat(revokedReason(minted.serialized())).isEqualTo("revoked: PRINCIPAL");
    }

    @Test
    void aDamagedFileIsReportedByLineAndTheDoorKeepsItsList() throws Exception {
        MintedMacaroon minted = mint(ALICE);
        admin.revokeIssueId(minted.issueId(), MAX_LIFETIME);
        door.reload();
        Files.writeString(revokedFile, "gridgate-revocations 1\niid\n");
        assertThatThrownBy(door::reload).isInstanceOf(IOException.class).hasMessageContaining("line 2");
        assertThat(revokedReason(minted.serialized())).isEqualTo("revoked: ISSUE_ID");
    }

    @Test
    void theRefusalNamesTheEntry() throws Exception {
        MintedMacaroon minted = mint(ALICE);
        admin.revokePrincipal(ALICE.dn(), MAX_LIFETIME);
        door.reload();
        assertThatThrownBy(() -> verifier.verify(minted.serialized(), CLIENT))
                .isInstanceOf(RevokedMacaroonException.class)
                .hasMessageContaining("principal").hasMessageContaining("CN=Alice")
                .extracting(e -> ((InvalidMacaroonException) e).clientReason()).isEqualTo("revoked");
    }

    @Test
    void anIssueIdSaysWhenAndForWhomItsLineWasMinted() {
        IssueId id = IssueId.root(Instant.parse("2026-03-01T12:00:07Z"), ALICE.dn(), new java.security.SecureRandom());
        assertThat(id.value()).hasSize(IssueId.ROOT_CHARS).matches("[A-Za-z0-9_-]+");
        assertThat(id.issuedAt()).isEqualTo(Instant.parse("2026-03-01T12:00:07Z"));
        assertThat(id.principal()).contains(IssueId.principalDigest(ALICE.dn()));
        assertThat(new IssueId("AbCd1234").issuedAt()).isEqualTo(Instant.EPOCH);
        assertThat(new IssueId("AbCd1234").principal()).isEmpty();
    }

    @Test
    void attenuationStopsAtItsDepthLimit() throws Exception {
        MintedMacaroon current = mint(ALICE);
        for (int depth = 1; depth <= IssueId.MAX_DEPTH; depth++) {
            current = issuer.attenuate(verifier.verify(current.serialized(), CLIENT), "/data/file",
                    new MacaroonRequest(List.of(), Optional.empty()));
        }
        MacaroonRights deepest = verifier.verify(current.serialized(), CLIENT);
        assertThatThrownBy(() -> issuer.attenuate(deepest, "/data/file",
                new MacaroonRequest(List.of(), Optional.empty())))
                .isInstanceOf(MintRefusedException.class).hasMessageContaining("attenuated");
    }
}
