package org.gridgate.caveat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.gridgate.caveat.Fixtures.CLIENT;
import static org.gridgate.caveat.Fixtures.IN_ONE_HOUR;

import java.nio.file.Path;
import java.time.Instant;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MacaroonVerifierTest {
    @TempDir
    Path directory;

    private SecretStore store;
    private MacaroonVerifier verifier;

    @BeforeEach
    void setUp() {
        store = Fixtures.store(directory);
        verifier = new MacaroonVerifier(store, Fixtures.CLOCK);
    }

    private MacaroonRights verify(String... caveats) throws InvalidMacaroonException {
        return verifier.verify(Fixtures.mint(store, caveats), CLIENT);
    }

    private AbstractThrowableAssert<?, ? extends Throwable> assertRefused(String... caveats) {
        return assertThatThrownBy(() -> verify(caveats)).isInstanceOf(InvalidMacaroonException.class);
    }

    @Test
    void acceptsAMacaroonWithOnlyAnExpiry() throws Exception {
        MacaroonRights rights = verify(IN_ONE_HOUR);
        assertThat(rights.expiry()).isEqualTo(Instant.parse("2026-03-01T13:00:00Z"));
        assertThat(rights.activities()).containsExactlyInAnyOrder(Activity.values());
        assertThat(rights.pathPrefix()).isEqualTo("/");
        assertThat(rights.root()).isEqualTo("/");
        assertThat(rights.identity()).isEmpty();
        assertThat(rights.maxUpload()).isEmpty();
    }

    @Test
    void refusesAMacaroonWithoutExpiry() {
        assertRefused("activity:DOWNLOAD").hasMessageStartingWith("no expiry")
                .extracting(e -> ((InvalidMacaroonException) e).clientReason()).isEqualTo("no expiry");
    }

    // --- before ---

    @Test
    void refusesAnExpiredMacaroonNamingTheCaveat() {
        assertRefused("before:2026-03-01T11:59:59Z").hasMessage("expired: before:2026-03-01T11:59:59Z")
                .extracting(e -> ((InvalidMacaroonException) e).clientReason()).isEqualTo("expired");
    }

    @Test
    void refusesAMacaroonExpiringExactlyNow() {
        assertRefused("before:2026-03-01T12:00:00Z").hasMessageStartingWith("expired");
    }

    @Test
    void earliestBeforeWins() throws Exception {
        assertThat(verify("before:2026-03-02T00:00:00Z", IN_ONE_HOUR).expiry())
                .isEqualTo(Instant.parse("2026-03-01T13:00:00Z"));
    }

    @Test
    void anyExpiredBeforeRefusesEvenAfterALaterOne() {
        assertRefused("before:2026-03-02T00:00:00Z", "before:2026-03-01T00:00:00Z")
                .hasMessageStartingWith("expired");
    }

    @Test
    void acceptsFractionalSecondsAsDcacheWritesThem() throws Exception {
        assertThat(verify("before:2026-03-01T12:30:00.924861Z").expiry())
                .isEqualTo(Instant.parse("2026-03-01T12:30:00.924861Z"));
    }

    // --- iid and id ---

    @Test
    void readsTheIssueIdIntoTheLogId() throws Exception {
        assertThat(verify("iid:pFM052rS", IN_ONE_HOUR).logId()).startsWith("pFM052rS:").hasSize(17);
    }

    @Test
    void logIdWithoutIssueIdStartsWithADash() throws Exception {
        assertThat(verify(IN_ONE_HOUR).logId()).startsWith("-:");
    }

    @Test
    void refusesIssueIdThatIsNotFirst() {
        assertRefused(IN_ONE_HOUR, "iid:pFM052rS").hasMessageStartingWith("iid not first caveat");
    }

    @Test
    void refusesASecondIssueId() {
        assertRefused("iid:a", "iid:b", IN_ONE_HOUR).hasMessageStartingWith("multiple iid");
    }

    @Test
    void readsTheIdentity() throws Exception {
        assertThat(verify("id:2002;1001,2002;paul", IN_ONE_HOUR).identity()).contains("2002;1001,2002;paul");
    }

    @Test
    void refusesASecondIdentity() {
        assertRefused("id:1;1;a", "id:1;1;a", IN_ONE_HOUR).hasMessageStartingWith("multiple id");
    }

    // --- activity ---

    @Test
    void activityNarrowsAndImpliesReadMetadata() throws Exception {
        assertThat(verify("activity:DOWNLOAD,LIST", IN_ONE_HOUR).activities())
                .containsExactlyInAnyOrder(Activity.DOWNLOAD, Activity.LIST, Activity.READ_METADATA);
    }

    @Test
    void laterActivitySubsetNarrowsFurther() throws Exception {
        assertThat(verify("activity:DOWNLOAD,LIST", "activity:LIST", IN_ONE_HOUR).activities())
                .containsExactlyInAnyOrder(Activity.LIST, Activity.READ_METADATA);
    }

    @Test
    void refusesALaterActivityThatEnlargesTheSet() {
        assertRefused("activity:LIST,MANAGE,DOWNLOAD", "activity:LIST,UPLOAD,DOWNLOAD", IN_ONE_HOUR)
                .hasMessage("attempt to enlarge activity set: activity:LIST,UPLOAD,DOWNLOAD");
    }

    @Test
    void impliedReadMetadataDoesNotCountForTheSubsetRule() {
        // As dCache: the subset test uses the sets as written.
        assertRefused("activity:DOWNLOAD", "activity:DOWNLOAD,READ_METADATA", IN_ONE_HOUR)
                .hasMessageStartingWith("attempt to enlarge activity set");
    }

    @Test
    void refusesAnUnknownActivity() {
        assertRefused("activity:FLY", IN_ONE_HOUR).hasMessageContaining("unknown activity 'FLY'")
                .extracting(e -> ((InvalidMacaroonException) e).clientReason()).isEqualTo("invalid caveat");
    }

    // --- path, root, home ---

    @Test
    void pathCaveatSetsThePrefix() throws Exception {
        assertThat(verify("path:/data/atlas", IN_ONE_HOUR).pathPrefix()).isEqualTo("/data/atlas");
    }

    @Test
    void laterPathIsRelativeToTheEarlierOne() throws Exception {
        assertThat(verify("path:/a", "path:/b", IN_ONE_HOUR).pathPrefix()).isEqualTo("/a/b");
    }

    @Test
    void pathDotDotCannotClimbOutOfTheEarlierPath() throws Exception {
        assertThat(verify("path:/data/alice", "path:../../bob", IN_ONE_HOUR).pathPrefix())
                .isEqualTo("/data/alice/bob");
    }

    @Test
    void rootThenPathComposes() throws Exception {
        MacaroonRights rights = verify("root:/Users/alice", "path:/shared-with-Bob", IN_ONE_HOUR);
        assertThat(rights.root()).isEqualTo("/Users/alice");
        assertThat(rights.pathPrefix()).isEqualTo("/Users/alice/shared-with-Bob");
    }

    @Test
    void pathThenRootInsideItIsEquivalent() throws Exception {
        MacaroonRights rights = verify("path:/Users/alice/shared-with-Bob", "root:/Users/alice", IN_ONE_HOUR);
        assertThat(rights.root()).isEqualTo("/Users/alice");
        assertThat(rights.pathPrefix()).isEqualTo("/Users/alice/shared-with-Bob");
    }

    @Test
    void rootDeeperThanThePathNarrowsTheprefixToTheRoot() throws Exception {
        MacaroonRights rights = verify("path:/Users", "root:/Users/alice", IN_ONE_HOUR);
        assertThat(rights.pathPrefix()).isEqualTo("/Users/alice");
    }

    @Test
    void refusesRootOutsideThePath() {
        assertRefused("path:/Users/alice", "root:/Users/bob", IN_ONE_HOUR)
                .hasMessage("root extends outside of path: root:/Users/bob");
    }

    @Test
    void laterRootIsRelativeToTheEarlierOne() throws Exception {
        assertThat(verify("root:/a", "root:/b", IN_ONE_HOUR).root()).isEqualTo("/a/b");
    }

    @Test
    void homeIsResolvedBelowTheRoot() throws Exception {
        assertThat(verify("root:/r", "home:/alice", IN_ONE_HOUR).homePath()).hasToString("/r/alice");
    }

    @Test
    void toStoragePathIsChrootedByRoot() throws Exception {
        MacaroonRights rights = verify("root:/Users/alice", IN_ONE_HOUR);
        assertThat(rights.toStoragePath("/file")).isEqualTo("/Users/alice/file");
        assertThat(rights.toStoragePath("/../../etc/passwd")).isEqualTo("/Users/alice/etc/passwd");
    }

    // --- permits ---

    @Test
    void permitsAllowedActivityBelowThePrefix() throws Exception {
        MacaroonRights rights = verify("path:/data/a", "activity:UPLOAD", IN_ONE_HOUR);
        assertThat(rights.permits(Activity.UPLOAD, "/data/a/f")).isTrue();
        assertThat(rights.permits(Activity.UPLOAD, "/data/a")).isTrue();
    }

    @Test
    void refusesActivityNotAllowed() throws Exception {
        MacaroonRights rights = verify("path:/data/a", "activity:UPLOAD", IN_ONE_HOUR);
        assertThat(rights.permits(Activity.DELETE, "/data/a/f")).isFalse();
    }

    @Test
    void refusesPathOutsidePrefix() throws Exception {
        MacaroonRights rights = verify("path:/data/a", IN_ONE_HOUR);
        assertThat(rights.permits(Activity.DOWNLOAD, "/data/b/f")).isFalse();
    }

    @Test
    void refusesSiblingSharingAStringPrefix() throws Exception {
        MacaroonRights rights = verify("path:/data/a", IN_ONE_HOUR);
        assertThat(rights.permits(Activity.DOWNLOAD, "/data/ab")).isFalse();
    }

    @Test
    void permitsOnlyListAndReadMetadataOnAncestorsOfThePrefix() throws Exception {
        MacaroonRights rights = verify("path:/data/a", IN_ONE_HOUR);
        assertThat(rights.permits(Activity.LIST, "/data")).isTrue();
        assertThat(rights.permits(Activity.READ_METADATA, "/")).isTrue();
        assertThat(rights.permits(Activity.DOWNLOAD, "/data")).isFalse();
        assertThat(rights.permits(Activity.DELETE, "/data")).isFalse();
    }

    @Test
    void ancestorsNeedTheActivityToo() throws Exception {
        MacaroonRights rights = verify("path:/data/a", "activity:DOWNLOAD", IN_ONE_HOUR);
        assertThat(rights.permits(Activity.LIST, "/data")).isFalse();
        assertThat(rights.permits(Activity.READ_METADATA, "/data")).isTrue();
    }

    @Test
    void refusesPathsAboveTheRoot() throws Exception {
        MacaroonRights rights = verify("root:/Users/alice", IN_ONE_HOUR);
        assertThat(rights.permits(Activity.LIST, "/Users")).isFalse();
        assertThat(rights.permits(Activity.LIST, "/Users/alice")).isTrue();
    }

    @Test
    void refusesUnnormalisedStoragePaths() throws Exception {
        MacaroonRights rights = verify("path:/data/a", IN_ONE_HOUR);
        assertThat(rights.permits(Activity.DOWNLOAD, "/data/a/../b")).isFalse();
        assertThat(rights.permits(Activity.DOWNLOAD, "/data/a/./f")).isFalse();
        assertThat(rights.permits(Activity.DOWNLOAD, "data/a/f")).isFalse();
        assertThat(rights.permits(Activity.DOWNLOAD, "/data/a/f\u0000")).isFalse();
    }

    // --- max-upload ---

    @Test
    void smallestMaxUploadWins() throws Exception {
        assertThat(verify("max-upload:1000", "max-upload:10", "max-upload:500", IN_ONE_HOUR).maxUpload())
                .hasValue(10);
    }

    // --- ip ---

    @Test
    void acceptsClientInsideTheIpCaveat() throws Exception {
        assertThat(verify("ip:192.0.2.0/24", IN_ONE_HOUR).ipCaveats()).containsExactly("ip:192.0.2.0/24");
    }

    @Test
    void acceptsClientMatchingAnyOfTheListedSubnets() throws Exception {
        verify("ip:2001:db8::/32,192.0.2.10", IN_ONE_HOUR);
    }

    @Test
    void refusesClientOutsideTheIpCaveat() {
        assertRefused("ip:1.1.1.1", IN_ONE_HOUR).hasMessage("Client fails to match IP caveat ip:1.1.1.1")
                .extracting(e -> ((InvalidMacaroonException) e).clientReason())
                .isEqualTo("client address not allowed");
    }

    @Test
    void clientMustMatchEveryIpCaveat() {
        assertRefused("ip:192.0.2.0/24", "ip:198.51.100.0/24", IN_ONE_HOUR)
                .hasMessage("Client fails to match IP caveat ip:198.51.100.0/24");
    }

    @Test
    void refusesHostNamesInIpCaveatsWithoutLookingThemUp() {
        assertRefused("ip:localhost", IN_ONE_HOUR).hasMessageContaining("not an IP address literal");
    }

    // --- unknown and malformed ---

    @Test
    void refusesAnUnknownCaveat() {
        assertRefused("foo:bar", IN_ONE_HOUR).hasMessage("unknown caveat foo:bar");
    }

    @Test
    void refusesACaveatWithoutLabel() {
        assertRefused("justtext", IN_ONE_HOUR).hasMessage("missing ':' in caveat justtext");
    }

    @Test
    void refusesXrootdNameCaveat() {
        assertRefused("name:alice", IN_ONE_HOUR).hasMessage("unknown caveat name:alice");
    }

    // --- the token itself ---

    @Test
    void refusesJunkAsMalformed() {
        assertThatThrownBy(() -> verifier.verify("not a macaroon", CLIENT)).isInstanceOf(InvalidMacaroonException.class)
                .extracting(e -> ((InvalidMacaroonException) e).clientReason()).isEqualTo("malformed macaroon");
    }

    @Test
    void refusesAMacaroonSignedWithAForeignSecret() {
        byte[] foreign = new byte[32];
        String token = Fixtures.build(store.currentId(), foreign, IN_ONE_HOUR).serialize();
        assertThatThrownBy(() -> verifier.verify(token, CLIENT)).isInstanceOf(InvalidMacaroonException.class)
                .hasMessageStartingWith("signature does not match");
    }

    @Test
    void refusesAMacaroonWithAnUnknownSecretId() {
        String token = Fixtures.build("hlCI+ziQ", store.current().key(), IN_ONE_HOUR).serialize();
        assertThatThrownBy(() -> verifier.verify(token, CLIENT)).isInstanceOf(InvalidMacaroonException.class)
                .hasMessageStartingWith("unknown secret id hlCI+ziQ");
    }

    @Test
    void refusesAMacaroonSignedByARetiredSecret() throws Exception {
        String token = Fixtures.mint(store, IN_ONE_HOUR);
        String old = store.currentId();
        store.rotate();
        store.retire(old);
        assertThatThrownBy(() -> verifier.verify(token, CLIENT)).isInstanceOf(InvalidMacaroonException.class)
                .hasMessage("signed by retired secret " + old);
    }

    @Test
    void acceptsAMacaroonSignedByAnOlderActiveSecret() throws Exception {
        String token = Fixtures.mint(store, IN_ONE_HOUR);
        store.rotate();
        assertThat(verifier.verify(token, CLIENT).expiry()).isAfter(Fixtures.NOW);
    }
}
