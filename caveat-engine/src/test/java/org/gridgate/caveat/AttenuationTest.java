package org.gridgate.caveat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.gridgate.caveat.Fixtures.CLIENT;
import static org.gridgate.caveat.Fixtures.NOW;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Attenuation by the door (a POST authenticated with a macaroon) and by the client (caveats appended offline). */
class AttenuationTest {
    private static final String PARENT_EXPIRY = "before:2026-03-01T18:00:00Z";

    @TempDir
    Path directory;

    private SecretStore store;
    private MacaroonVerifier verifier;
    private MacaroonIssuer issuer;

    @BeforeEach
    void setUp() {
        store = Fixtures.store(directory);
        verifier = new MacaroonVerifier(store, Fixtures.CLOCK);
        issuer = new MacaroonIssuer(store, requester -> Optional.empty(), Fixtures.CLOCK, Duration.ofDays(1),
                Duration.ofDays(7));
    }

    private MacaroonRights parent(String... caveats) throws InvalidMacaroonException {
        return verifier.verify(Fixtures.mint(store, caveats), CLIENT);
    }

    private MintedMacaroon attenuate(MacaroonRights parent, String target, Optional<String> validity,
                                     String... caveats) throws MintRefusedException {
        return issuer.attenuate(parent, target, new MacaroonRequest(List.of(caveats), validity));
    }

    private MacaroonRights child(MacaroonRights parent, String target, String... caveats) throws Exception {
        return verifier.verify(attenuate(parent, target, Optional.empty(), caveats).serialized(), CLIENT);
    }

    @Test
    void childIsBoundToTheDeeperTarget() throws Exception {
        MacaroonRights child = child(parent("path:/data", PARENT_EXPIRY), "/data/run1");
        assertThat(child.pathPrefix()).isEqualTo("/data/run1");
        assertThat(child.permits(Activity.DOWNLOAD, "/data/other")).isFalse();
    }

    @Test
    void refusesTargetOutsideTheParentPath() {
        assertThatThrownBy(() -> attenuate(parent("path:/data/a", PARENT_EXPIRY), "/data/b", Optional.empty()))
                .isInstanceOf(MintRefusedException.class).hasMessage("Desired path not within existing path")
                .extracting(e -> ((MintRefusedException) e).kind()).isEqualTo(MintRefusedException.Kind.FORBIDDEN);
    }

    @Test
    void refusesTargetThatIsAnAncestorOfTheParentPath() {
        assertThatThrownBy(() -> attenuate(parent("path:/data/a", PARENT_EXPIRY), "/data", Optional.empty()))
                .isInstanceOf(MintRefusedException.class).hasMessage("Desired path not within existing path");
    }

    @Test
    void requestedActivitiesNarrow() throws Exception {
        MacaroonRights child = child(parent("activity:DOWNLOAD,LIST", PARENT_EXPIRY), "/", "activity:LIST");
        assertThat(child.activities()).containsExactlyInAnyOrder(Activity.LIST, Activity.READ_METADATA);
    }

    @Test
    void refusesActivitiesBeyondTheParent() {
        assertThatThrownBy(() -> attenuate(parent("activity:DOWNLOAD", PARENT_EXPIRY), "/", Optional.empty(),
                "activity:DOWNLOAD,UPLOAD"))
                .isInstanceOf(MintRefusedException.class).hasMessage("the macaroon does not allow UPLOAD")
                .extracting(e -> ((MintRefusedException) e).kind()).isEqualTo(MintRefusedException.Kind.FORBIDDEN);
    }

    @Test
    void parentActivitiesAreCarriedOverWhenNoneRequested() throws Exception {
        MacaroonRights child = child(parent("activity:DOWNLOAD", PARENT_EXPIRY), "/");
        assertThat(child.activities()).containsExactlyInAnyOrder(Activity.DOWNLOAD, Activity.READ_METADATA);
    }

    @Test
    void refusesLifetimeBeyondTheParent() {
        assertThatThrownBy(() -> attenuate(parent(PARENT_EXPIRY), "/", Optional.of("PT7H")))
                .isInstanceOf(MintRefusedException.class)
                .hasMessage("Bad requested caveat: before: cannot extend session lifetime")
                .extracting(e -> ((MintRefusedException) e).kind())
                .isEqualTo(MintRefusedException.Kind.BAD_REQUEST);
    }

    @Test
    void requestedShorterLifetimeIsKept() throws Exception {
        MintedMacaroon minted = attenuate(parent(PARENT_EXPIRY), "/", Optional.of("PT1H"));
        assertThat(minted.expiry()).isEqualTo(NOW.plus(Duration.ofHours(1)));
    }

    @Test
    void withoutRequestedLifetimeTheParentExpiryCaps() throws Exception {
        assertThat(attenuate(parent(PARENT_EXPIRY), "/", Optional.empty()).expiry())
                .isEqualTo(Instant.parse("2026-03-01T18:00:00Z"));
    }

    @Test
    void withoutRequestedLifetimeTheDefaultCapsALongLivedParent() throws Exception {
        assertThat(attenuate(parent("before:2026-03-05T00:00:00Z"), "/", Optional.empty()).expiry())
                .isEqualTo(NOW.plus(Duration.ofDays(1)));
    }

    @Test
    void everyIpCaveatIsCarriedOver() throws Exception {
        MintedMacaroon minted = attenuate(parent("ip:192.0.2.0/24", "ip:192.0.2.0/28", PARENT_EXPIRY), "/",
                Optional.empty());
        assertThat(verifier.verify(minted.serialized(), CLIENT).ipCaveats())
                .containsExactly("ip:192.0.2.0/24", "ip:192.0.2.0/28");
        assertThatThrownBy(() -> verifier.verify(minted.serialized(), Fixtures.address("192.0.2.200")))
                .isInstanceOf(InvalidMacaroonException.class).hasMessageContaining("ip:192.0.2.0/28");
    }

    @Test
    void rootIdentityHomeAndMaxUploadAreCarriedOver() throws Exception {
        MacaroonRights parent = parent("id:1000;1000;alice", "root:/Users/alice", "home:/home", "path:/shared",
                "max-upload:4096", PARENT_EXPIRY);
        MacaroonRights child = child(parent, "/Users/alice/shared/sub");
        assertThat(child.identity()).contains("1000;1000;alice");
        assertThat(child.root()).isEqualTo("/Users/alice");
        assertThat(child.homePath()).hasToString("/Users/alice/home");
        assertThat(child.pathPrefix()).isEqualTo("/Users/alice/shared/sub");
        assertThat(child.maxUpload()).hasValue(4096);
    }

    @Test
    void childHasANewIssueId() throws Exception {
        MintedMacaroon first = issuer.attenuate(parent("iid:parent01", PARENT_EXPIRY), "/", MacaroonRequest.empty());
        assertThat(first.issueId()).isNotEqualTo("parent01");
        assertThat(first.rule()).isEqualTo(MacaroonIssuer.ATTENUATION);
    }

    @Test
    void requestedCaveatsAreAppendedAndHonoured() throws Exception {
        MacaroonRights child = child(parent(PARENT_EXPIRY), "/data", "max-upload:10", "ip:192.0.2.10");
        assertThat(child.maxUpload()).hasValue(10);
        assertThat(child.ipCaveats()).containsExactly("ip:192.0.2.10");
    }

    // --- attenuation by the client, offline ---

    @Test
    void clientAppendedPathIsHonoured() throws Exception {
        String token = Fixtures.append(Fixtures.mint(store, "path:/data", PARENT_EXPIRY), "path:/run1");
        assertThat(verifier.verify(token, CLIENT).pathPrefix()).isEqualTo("/data/run1");
    }

    @Test
    void clientAppendedActivityIsHonoured() throws Exception {
        String token = Fixtures.append(Fixtures.mint(store, "activity:DOWNLOAD,UPLOAD", PARENT_EXPIRY),
                "activity:DOWNLOAD");
        assertThat(verifier.verify(token, CLIENT).permits(Activity.UPLOAD, "/x")).isFalse();
    }

    @Test
    void clientAppendedEarlierExpiryIsHonoured() throws Exception {
        String token = Fixtures.append(Fixtures.mint(store, PARENT_EXPIRY), "before:2026-03-01T11:00:00Z");
        assertThatThrownBy(() -> verifier.verify(token, CLIENT)).hasMessageStartingWith("expired");
    }

    @Test
    void clientAppendedIpIsHonoured() throws Exception {
        String token = Fixtures.append(Fixtures.mint(store, PARENT_EXPIRY), "ip:198.51.100.0/24");
        assertThatThrownBy(() -> verifier.verify(token, CLIENT))
                .hasMessage("Client fails to match IP caveat ip:198.51.100.0/24");
    }

    @Test
    void clientAppendedLaterExpiryDoesNotExtend() throws Exception {
        String token = Fixtures.append(Fixtures.mint(store, PARENT_EXPIRY), "before:2030-01-01T00:00:00Z");
        assertThat(verifier.verify(token, CLIENT).expiry()).isEqualTo(Instant.parse("2026-03-01T18:00:00Z"));
    }

    @Test
    void clientAppendedWiderActivityIsRefused() throws Exception {
        String token = Fixtures.append(Fixtures.mint(store, "activity:DOWNLOAD", PARENT_EXPIRY), "activity:UPLOAD");
        assertThatThrownBy(() -> verifier.verify(token, CLIENT))
                .hasMessage("attempt to enlarge activity set: activity:UPLOAD");
    }

    @Test
    void attenuatingAnOfflineAttenuatedMacaroonKeepsItsNarrowing() throws Exception {
        String token = Fixtures.append(Fixtures.mint(store, "path:/data", PARENT_EXPIRY), "path:/run1",
                "ip:192.0.2.0/24");
        MacaroonRights child = child(verifier.verify(token, CLIENT), "/data/run1/x");
        assertThat(child.pathPrefix()).isEqualTo("/data/run1/x");
        assertThat(child.ipCaveats()).containsExactly("ip:192.0.2.0/24");
    }
}
