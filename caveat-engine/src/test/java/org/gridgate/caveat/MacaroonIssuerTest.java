package org.gridgate.caveat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.gridgate.caveat.Fixtures.CLIENT;
import static org.gridgate.caveat.Fixtures.NOW;

import com.github.nitram509.jmacaroons.CaveatPacket;
import com.github.nitram509.jmacaroons.MacaroonsSerializer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MacaroonIssuerTest {
    static final Requester ALICE = new Requester("/DC=org/DC=example/CN=Alice", List.of("/atlas/Role=NULL"),
            Optional.of("alice"), Optional.of("1000;1000,2000;alice"));
    static final Requester ANONYMOUS_MAPPING = new Requester("/DC=org/DC=example/CN=Bob", List.of(),
            Optional.empty(), Optional.empty());
    static final PolicyRule ATLAS = new PolicyRule("atlas-upload",
            EnumSet.of(Activity.UPLOAD, Activity.DOWNLOAD, Activity.LIST), List.of("/data/atlas", "/scratch"),
            Duration.ofHours(48), Duration.ofHours(12), List.of());

    @TempDir
    Path directory;

    private SecretStore store;
    private MacaroonVerifier verifier;

    @BeforeEach
    void setUp() {
        store = Fixtures.store(directory);
        verifier = new MacaroonVerifier(store, Fixtures.CLOCK);
    }

    private MacaroonIssuer issuer(PolicyRule rule) {
        return new MacaroonIssuer(store, requester -> Optional.of(rule), Fixtures.CLOCK, Duration.ofDays(1),
                Duration.ofDays(7));
    }

    private MintedMacaroon issue(String path, String... caveats) throws MintRefusedException {
        return issue(path, Optional.empty(), caveats);
    }

    private MintedMacaroon issue(String path, Optional<String> validity, String... caveats)
            throws MintRefusedException {
        return issuer(ATLAS).issue(ALICE, path, new MacaroonRequest(List.of(caveats), validity));
    }

    private static List<String> caveatsOf(MintedMacaroon minted) {
        return Arrays.stream(MacaroonsSerializer.V1.deserialize(minted.serialized()).caveatPackets)
                .map(CaveatPacket::getValueAsText).toList();
    }

    private static AbstractThrowableAssert<?, ? extends Throwable> assertRefused(
            MintRefusedException.Kind kind, ThrowingMint mint) {
        return assertThatThrownBy(mint::mint).isInstanceOf(MintRefusedException.class)
                .satisfies(e -> assertThat(((MintRefusedException) e).kind()).isEqualTo(kind));
    }

    interface ThrowingMint {
        void mint() throws Exception;
    }

    @Test
    void emitsCaveatsInDcacheOrder() throws Exception {
        MintedMacaroon minted = issue("/data/atlas/run1", Optional.of("PT1H"), "activity:UPLOAD", "max-upload:100",
                "ip:192.0.2.0/24");
        assertThat(caveatsOf(minted)).containsExactly(
                "iid:" + minted.issueId(),
                "id:1000;1000,2000;alice",
                "before:2026-03-01T13:00:00Z",
                "path:/data/atlas/run1",
                "activity:UPLOAD,READ_METADATA",
                "max-upload:100",
                "ip:192.0.2.0/24");
    }

    @Test
    void identifierIsTheCurrentSecretId() throws Exception {
        MintedMacaroon minted = issue("/data/atlas");
        assertThat(MacaroonsSerializer.V1.deserialize(minted.serialized()).identifier).isEqualTo(store.currentId());
    }

    @Test
    void serialisesAsBase64UrlWithoutPadding() throws Exception {
        assertThat(issue("/data/atlas").serialized()).matches("[A-Za-z0-9_-]+");
    }

    @Test
    void issueIdIsEighteenBase64UrlCharactersThatSayWhenAndForWhom() throws Exception {
        String issueId = issue("/data/atlas").issueId();
        assertThat(issueId).matches("[A-Za-z0-9_-]{18}");
        assertThat(new IssueId(issueId).issuedAt()).isEqualTo(Fixtures.NOW);
        assertThat(new IssueId(issueId).principal()).contains(IssueId.principalDigest(ALICE.dn()));
    }

    @Test
    void mintedMacaroonVerifiesWithTheRequestedRights() throws Exception {
        MintedMacaroon minted = issue("/data/atlas/run1", Optional.of("PT2H"), "activity:UPLOAD,LIST");
        MacaroonRights rights = verifier.verify(minted.serialized(), CLIENT);
        assertThat(rights.pathPrefix()).isEqualTo("/data/atlas/run1");
        assertThat(rights.activities()).containsExactlyInAnyOrder(Activity.UPLOAD, Activity.LIST,
                Activity.READ_METADATA);
        assertThat(rights.expiry()).isEqualTo(minted.expiry()).isEqualTo(NOW.plus(Duration.ofHours(2)));
        assertThat(rights.identity()).contains("1000;1000,2000;alice");
        assertThat(rights.logId()).startsWith(minted.issueId() + ":");
        assertThat(minted.rule()).isEqualTo("atlas-upload");
    }

    @Test
    void withoutRequestedActivitiesTheRuleActivitiesAreMinted() throws Exception {
        MacaroonRights rights = verifier.verify(issue("/data/atlas").serialized(), CLIENT);
        assertThat(rights.activities()).containsExactlyInAnyOrder(Activity.UPLOAD, Activity.DOWNLOAD,
                Activity.LIST, Activity.READ_METADATA);
    }

    @Test
    void withoutIdentityNoIdCaveatIsMinted() throws Exception {
        MintedMacaroon minted = issuer(ATLAS).issue(ANONYMOUS_MAPPING, "/data/atlas", MacaroonRequest.empty());
        assertThat(caveatsOf(minted)).noneMatch(c -> c.startsWith("id:"));
    }

    @Test
    void rootTargetGetsNoPathCaveat() throws Exception {
        PolicyRule everywhere = new PolicyRule("dev", EnumSet.allOf(Activity.class), List.of("/"),
                Duration.ofDays(7), Duration.ofDays(1), List.of());
        MintedMacaroon minted = issuer(everywhere).issue(ALICE, "/", MacaroonRequest.empty());
        assertThat(caveatsOf(minted)).noneMatch(c -> c.startsWith("path:"));
    }

    @Test
    void targetPathIsNormalised() throws Exception {
        assertThat(caveatsOf(issue("//data/atlas/./run1/"))).contains("path:/data/atlas/run1");
    }

    @Test
    void ruleAddedCaveatsFollowTheActivity() throws Exception {
        PolicyRule pinned = new PolicyRule("pinned", EnumSet.of(Activity.DOWNLOAD), List.of("/data"),
                Duration.ofDays(1), Duration.ofHours(1), List.of("ip:192.0.2.0/24", "max-upload:5"));
        MintedMacaroon minted = issuer(pinned).issue(ALICE, "/data", new MacaroonRequest(List.of("home:/data"),
                Optional.empty()));
        List<String> caveats = caveatsOf(minted);
        assertThat(caveats.subList(caveats.size() - 4, caveats.size()))
                .containsExactly("activity:DOWNLOAD,READ_METADATA", "ip:192.0.2.0/24", "max-upload:5", "home:/data");
    }

    // --- expiry ---

    @Test
    void ruleDefaultValidityIsUsedWhenNoneRequested() throws Exception {
        assertThat(issue("/data/atlas").expiry()).isEqualTo(NOW.plus(Duration.ofHours(12)));
    }

    @Test
    void earliestOfValidityAndBeforeWins() throws Exception {
        MintedMacaroon minted = issue("/data/atlas", Optional.of("PT5H"), "before:2026-03-01T14:00:00Z");
        assertThat(minted.expiry()).isEqualTo(Instant.parse("2026-03-01T14:00:00Z"));
        assertThat(caveatsOf(minted)).filteredOn(c -> c.startsWith("before:")).hasSize(1);
    }

    @Test
    void expiryIsWrittenInWholeSecondsUtc() throws Exception {
        assertThat(caveatsOf(issue("/data/atlas", "before:2026-03-01T14:00:00.999Z")))
                .contains("before:2026-03-01T14:00:00Z");
    }

    @Test
    void refusesUnparsableValidity() {
        assertRefused(MintRefusedException.Kind.BAD_REQUEST, () -> issue("/data/atlas", Optional.of("24 hours")))
                .hasMessageStartingWith("Bad validity value: 24 hours");
    }

    @Test
    void refusesExpiryInThePast() {
        assertRefused(MintRefusedException.Kind.BAD_REQUEST,
                () -> issue("/data/atlas", "before:2026-03-01T11:00:00Z"))
                .hasMessage("Bad requested caveat: before: requested expiry in past");
    }

    @Test
    void refusesNegativeValidity() {
        assertRefused(MintRefusedException.Kind.BAD_REQUEST, () -> issue("/data/atlas", Optional.of("-PT1H")))
                .hasMessage("Bad requested caveat: before: requested expiry in past");
    }

    @Test
    void refusesLifetimeBeyondTheMaximum() {
        assertRefused(MintRefusedException.Kind.BAD_REQUEST, () -> issue("/data/atlas", Optional.of("PT169H")))
                .hasMessage("Bad requested caveat: before: requested duration beyond maximum allowed (PT168H)");
    }

    @Test
    void refusesAbsurdlyLongValidityAsBeyondTheMaximum() {
        assertRefused(MintRefusedException.Kind.BAD_REQUEST,
                () -> issue("/data/atlas", Optional.of("PT99999999999999H")))
                .hasMessageStartingWith("Bad");
    }

    @Test
    void toleratesExactlyTheMaximumLifetime() throws Exception {
        PolicyRule week = new PolicyRule("week", EnumSet.of(Activity.DOWNLOAD), List.of("/"), Duration.ofDays(7),
                Duration.ofDays(1), List.of());
        MintedMacaroon minted = issuer(week).issue(ALICE, "/", new MacaroonRequest(List.of(), Optional.of("P7D")));
        assertThat(minted.expiry()).isEqualTo(NOW.plus(Duration.ofDays(7)));
    }

    @Test
    void refusesLifetimeBeyondTheRuleMaximum() {
        assertRefused(MintRefusedException.Kind.FORBIDDEN, () -> issue("/data/atlas", Optional.of("PT49H")))
                .hasMessage("policy rule 'atlas-upload' allows a lifetime of at most PT48H");
    }

    // --- requested caveats ---

    @Test
    void refusesUnknownRequestedCaveat() {
        assertRefused(MintRefusedException.Kind.BAD_REQUEST, () -> issue("/data/atlas", "foo:bar"))
                .hasMessage("Bad requested caveat: unknown caveat foo:bar");
    }

    @Test
    void refusesRequestedCaveatWithoutColon() {
        assertRefused(MintRefusedException.Kind.BAD_REQUEST, () -> issue("/data/atlas", "UPLOAD"))
                .hasMessage("Bad requested caveat: missing ':' in caveat UPLOAD");
    }

    @Test
    void refusesMalformedRequestedValue() {
        assertRefused(MintRefusedException.Kind.BAD_REQUEST, () -> issue("/data/atlas", "activity:FOO"))
                .hasMessageStartingWith("Bad requested caveat: bad value in caveat activity:FOO");
    }

    @Test
    void refusesRequestedIssueId() {
        assertRefused(MintRefusedException.Kind.BAD_REQUEST, () -> issue("/data/atlas", "iid:mine"))
                .hasMessageStartingWith("Bad requested caveat: iid:");
    }

    @Test
    void refusesRequestedIdentity() {
        assertRefused(MintRefusedException.Kind.BAD_REQUEST, () -> issue("/data/atlas", "id:0;0;root"))
                .hasMessageStartingWith("Bad requested caveat: id:");
    }

    @Test
    void refusesRequestedRootOutsideTheTarget() {
        assertRefused(MintRefusedException.Kind.BAD_REQUEST, () -> issue("/data/atlas/run1", "root:/elsewhere"))
                .hasMessageStartingWith("Bad requested caveat: root extends outside of path");
    }

    @Test
    void refusesSecondRequestedActivityThatEnlarges() {
        assertRefused(MintRefusedException.Kind.BAD_REQUEST,
                () -> issue("/data/atlas", "activity:LIST", "activity:LIST,UPLOAD"))
                .hasMessageStartingWith("Bad requested caveat: attempt to enlarge activity set");
    }

    @Test
    void requestedPathNarrowsBelowTheTarget() throws Exception {
        MacaroonRights rights = verifier.verify(issue("/data/atlas", "path:/run1").serialized(), CLIENT);
        assertThat(rights.pathPrefix()).isEqualTo("/data/atlas/run1");
    }

    // --- policy ---

    @Test
    void refusesRequesterWithoutRule() {
        MacaroonIssuer nobody = new MacaroonIssuer(store, requester -> Optional.empty(), Fixtures.CLOCK,
                Duration.ofDays(1), Duration.ofDays(7));
        assertRefused(MintRefusedException.Kind.FORBIDDEN,
                () -> nobody.issue(ALICE, "/data/atlas", MacaroonRequest.empty()))
                .hasMessage("no policy rule allows /DC=org/DC=example/CN=Alice to mint macaroons");
    }

    @Test
    void refusesActivitiesBeyondTheRule() {
        assertRefused(MintRefusedException.Kind.FORBIDDEN, () -> issue("/data/atlas", "activity:UPLOAD,DELETE"))
                .hasMessage("policy rule 'atlas-upload' does not allow DELETE");
    }

    @Test
    void readMetadataComesWithTheRule() throws Exception {
        assertThat(issue("/data/atlas", "activity:READ_METADATA").serialized()).isNotEmpty();
    }

    @Test
    void refusesPathOutsideEveryRulePrefix() {
        assertRefused(MintRefusedException.Kind.FORBIDDEN, () -> issue("/data/cms"))
                .hasMessage("policy rule 'atlas-upload' does not allow minting for /data/cms");
    }

    @Test
    void refusesSiblingOfARulePrefix() {
        assertRefused(MintRefusedException.Kind.FORBIDDEN, () -> issue("/data/atlasx"))
                .hasMessageContaining("does not allow minting");
    }

    @Test
    void refusesAncestorOfARulePrefix() {
        assertRefused(MintRefusedException.Kind.FORBIDDEN, () -> issue("/data"))
                .hasMessageContaining("does not allow minting");
    }

    @Test
    void dotDotInTheTargetCannotLeaveARulePrefix() {
        assertRefused(MintRefusedException.Kind.FORBIDDEN, () -> issue("/data/atlas/../cms"))
                .hasMessageContaining("does not allow minting for /data/cms");
    }

    @Test
    void anyRulePrefixWillDo() throws Exception {
        assertThat(verifier.verify(issue("/scratch/tmp").serialized(), CLIENT).pathPrefix()).isEqualTo("/scratch/tmp");
    }

    @Test
    void refusesTargetWithControlCharacter() {
        assertRefused(MintRefusedException.Kind.BAD_REQUEST, () -> issue("/data/atlas/\u0000x"))
                .hasMessageStartingWith("Bad request path");
    }

    @Test
    void newMacaroonsAreSignedByTheNewestSecret() throws Exception {
        String rotated = store.rotate();
        assertThat(MacaroonsSerializer.V1.deserialize(issue("/data/atlas").serialized()).identifier)
                .isEqualTo(rotated);
    }
}
