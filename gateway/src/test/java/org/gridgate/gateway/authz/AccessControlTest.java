package org.gridgate.gateway.authz;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import org.gridgate.caveat.Activity;
import org.gridgate.caveat.MacaroonIssuer;
import org.gridgate.caveat.MacaroonRequest;
import org.gridgate.caveat.MacaroonVerifier;
import org.gridgate.caveat.MintingPolicy;
import org.gridgate.caveat.Requester;
import org.gridgate.caveat.SecretStore;
import org.gridgate.certs.GridIdentity;
import org.gridgate.gateway.auth.Client;
import org.gridgate.gateway.http.ErrorMapping;
import org.gridgate.gateway.http.HttpError;
import org.gridgate.gateway.http.RequestPath;
import org.gridgate.gateway.refusal.RefusedException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The door's decision point, tested as one: for each kind of client, method and path, the decision and the exact
 * words a refused client gets ("permit", or the status and message). No door, no storage: the grant is all that
 * decides. Macaroons are real (minted and verified by the caveat engine), the site policy a real policy file.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AccessControlTest {

    private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final InetAddress PEER = InetAddress.getLoopbackAddress();
    private static final String ATLAS_DN = "/DC=org/DC=example/CN=Atlas User";
    private static final String STRANGER_DN = "/DC=org/DC=example/CN=Stranger";
    private static final String PERMIT = "permit";

    private SecretStore secrets;
    private MintingPolicy policy;

    @BeforeAll
    void secretsAndPolicy(@TempDir Path dir) throws Exception {
        secrets = SecretStore.openOrCreate(dir.resolve("secrets"), CLOCK);
        Path file = dir.resolve("policy.yaml");
        Files.writeString(file, String.join("\n",
                "rules:",
                "  - name: atlas-a",
                "    match: {dn: \"" + ATLAS_DN + "\"}",
                "    allow: {activities: [DOWNLOAD, UPLOAD, LIST], paths: [/atlas/a]}",
                ""));
        policy = MintingPolicy.load(file);
    }

    // --- fixtures -------------------------------------------------------------------------------------------------

    /** A macaroon minted by the dev policy for {@code path} with these caveats, verified as the door does. */
    private Client macaroon(String path, String... caveats) throws Exception {
        MacaroonIssuer issuer = new MacaroonIssuer(secrets, MintingPolicy.permissiveDev(), CLOCK,
                Duration.ofHours(1), Duration.ofDays(1));
        String token = issuer.issue(new Requester(ATLAS_DN, List.of(), Optional.empty(), Optional.empty()), path,
                new MacaroonRequest(List.of(caveats), Optional.empty())).serialized();
        return new Client.Bearer(new MacaroonVerifier(secrets, CLOCK).verify(token, PEER));
    }

    private static Client x509(String dn, boolean limitedProxy) {
        GridIdentity identity = new GridIdentity(dn, List.of(), Optional.empty(), limitedProxy, Optional.empty(),
                List.of());
        return new Client.X509(identity, new Requester(dn, List.of(), Optional.empty(), Optional.empty()));
    }

    private AccessControl door() {
        return door(LimitedProxyPolicy.DOWNLOAD_ONLY, AnonymousAccess.none());
    }

    private AccessControl door(LimitedProxyPolicy limitedProxies, AnonymousAccess anonymous) {
        return new AccessControl(policy, limitedProxies, anonymous);
    }

    private static Grant grant(AccessControl access, Client client, String path) throws Exception {
        return access.grant(client, RequestPath.fromRawPath(path));
    }

    private static Grant grant(AccessControl access, Client client, String path, String destination)
            throws Exception {
        return access.grant(client, RequestPath.fromRawPath(path), RequestPath.fromRawPath(destination));
    }

    /** What a client gets for a check: "permit", or the status and message of its refusal. */
    private interface Check {
        void run() throws Exception;
    }

    private static String decision(Check check) throws Exception {
        try {
            check.run();
            return PERMIT;
        } catch (RefusedException refused) {
            HttpError error = ErrorMapping.toHttpError(refused);
            return error.status().code() + " " + error.getMessage();
        }
    }

    private static String decide(AccessControl access, Client client, Operation operation, String path)
            throws Exception {
        Grant grant = grant(access, client, path);
        return decision(() -> grant.authorize(operation));
    }

    // --- macaroons ------------------------------------------------------------------------------------------------

    @Nested
    class AnUploadMacaroonForDataA {
        private final AccessControl access = door();
        private final Client client = macaroon("/data/a", "activity:UPLOAD");

        AnUploadMacaroonForDataA() throws Exception {
        }

        @Test
        void mayPutAtAndBelowItsPath() throws Exception {
            assertThat(decide(access, client, Operation.PUT, "/data/a")).isEqualTo(PERMIT);
            assertThat(decide(access, client, Operation.PUT, "/data/a/x/y")).isEqualTo(PERMIT);
        }

        @Test
        void mayNotPutBesideItsPathWhichIsComparedSegmentBySegment() throws Exception {
            assertThat(decide(access, client, Operation.PUT, "/data/ab/f"))
                    .isEqualTo("403 This macaroon does not allow UPLOAD on /data/ab/f");
            assertThat(decide(access, client, Operation.PUT, "/data/a%20"))
                    .isEqualTo("403 This macaroon does not allow UPLOAD on /data/a ");
        }

        @Test
        void mayNotReadDeleteOrMove() throws Exception {
            assertThat(decide(access, client, Operation.GET, "/data/a/f"))
                    .isEqualTo("403 This macaroon does not allow DOWNLOAD on /data/a/f");
            assertThat(decide(access, client, Operation.DELETE, "/data/a/f"))
                    .isEqualTo("403 This macaroon does not allow DELETE on /data/a/f");
            assertThat(decision(() -> grant(access, client, "/data/a/f", "/data/a/g").authorize(Operation.MOVE)))
                    .isEqualTo("403 This macaroon does not allow MANAGE on /data/a/f");
        }

        @Test
        void mayNotReplaceAFileWithoutDelete() throws Exception {
            Grant grant = grant(access, client, "/data/a/f");
            assertThat(decision(() -> grant.authorizeReplacing(Operation.PUT)))
                    .isEqualTo("403 This macaroon does not allow DELETE on /data/a/f");
            assertThat(grant.mayReplace(Operation.PUT)).isFalse();
        }

        @Test
        void mayLockWhereItMayUpload() throws Exception {
            assertThat(decide(access, client, Operation.LOCK, "/data/a/f")).isEqualTo(PERMIT);
            assertThat(decide(access, client, Operation.UNLOCK, "/data/a/f")).isEqualTo(PERMIT);
            assertThat(decide(access, client, Operation.LOCK, "/data/b"))
                    .isEqualTo("403 This macaroon does not allow MANAGE on /data/b");
        }

        @Test
        void mayPullAThirdPartyCopyButNotPushOne() throws Exception {
            assertThat(decide(access, client, Operation.COPY_PULL, "/data/a/f")).isEqualTo(PERMIT);
            assertThat(decide(access, client, Operation.COPY_PUSH, "/data/a/f"))
                    .isEqualTo("403 This macaroon does not allow DOWNLOAD on /data/a/f");
        }

        @Test
        void onTheAncestorsOfItsPathMayOnlyWalkDown() throws Exception {
            assertThat(decide(access, client, Operation.PROPFIND, "/data")).isEqualTo(PERMIT);
            assertThat(decide(access, client, Operation.HEAD, "/")).isEqualTo(PERMIT);
            assertThat(decide(access, client, Operation.DELETE, "/data"))
                    .isEqualTo("403 This macaroon does not allow DELETE on /data");
            assertThat(decide(access, client, Operation.PROPPATCH, "/"))
                    .isEqualTo("403 This macaroon does not allow UPDATE_METADATA on /");
            assertThat(decide(access, client, Operation.PUT, "/data"))
                    .isEqualTo("403 This macaroon does not allow UPLOAD on /data");
        }

        @Test
        void mayCreateTheCollectionsOnTheWayToItsPathButNoneBeside() throws Exception {
            assertThat(decide(access, client, Operation.MKCOL, "/data")).isEqualTo(PERMIT);
            assertThat(decide(access, client, Operation.MKCOL, "/data/a/sub")).isEqualTo(PERMIT);
            assertThat(decide(access, client, Operation.MKCOL, "/data/b"))
                    .isEqualTo("403 This macaroon does not allow MANAGE on /data/b");
        }

        @Test
        void mayNotListAnAncestorWithoutList() throws Exception {
            assertThat(decision(() -> grant(access, client, "/data").authorizeCollection(Operation.PROPFIND)))
                    .isEqualTo("403 This macaroon does not allow LIST on /data");
        }

        @Test
        void mayMintAnAttenuatedMacaroon() throws Exception {
            Grant grant = grant(access, client, "/data/a");
            assertThat(decision(grant::requireMinting)).isEqualTo(PERMIT);
            assertThat(decision(() -> grant.requireMintable(MacaroonRequest.empty()))).isEqualTo(PERMIT);
        }
    }

    @Nested
    class ADownloadMacaroon {
        private final AccessControl access = door();
        private final Client client = macaroon("/data/a", "activity:DOWNLOAD");

        ADownloadMacaroon() throws Exception {
        }

        @Test
        void mayGetAFileButNeedsListForACollectionsPage() throws Exception {
            Grant grant = grant(access, client, "/data/a/dir");
            assertThat(decision(() -> grant.authorize(Operation.GET))).isEqualTo(PERMIT);
            assertThat(decision(() -> grant.authorizeCollection(Operation.GET)))
                    .isEqualTo("403 This macaroon does not allow LIST on /data/a/dir");
            assertThat(decision(() -> grant.authorizeCollection(Operation.PROPFIND)))
                    .isEqualTo("403 This macaroon does not allow LIST on /data/a/dir");
        }

        @Test
        void holdsReadMetadataWithDownloadAsDCacheImpliesIt() throws Exception {
            assertThat(grant(access, client, "/data/a/f").holds(Activity.READ_METADATA)).isTrue();
            assertThat(decide(access, client, Operation.HEAD, "/data/a/f")).isEqualTo(PERMIT);
        }

        @Test
        void mayCopyInsideItsPathOnlyWhereItMayAlsoUpload() throws Exception {
            assertThat(decision(() -> grant(access, client, "/data/a/f", "/data/a/g").authorize(Operation.COPY)))
                    .isEqualTo("403 This macaroon does not allow UPLOAD on /data/a/g");
        }
    }

    @Nested
    class AMacaroonForDownloadUploadAndDelete {
        private final AccessControl access = door();
        private final Client client = macaroon("/data/a", "activity:DOWNLOAD,UPLOAD,DELETE");

        AMacaroonForDownloadUploadAndDelete() throws Exception {
        }

        @Test
        void copyNeedsDownloadHereAndUploadThere() throws Exception {
            assertThat(decision(() -> grant(access, client, "/data/a/f", "/data/a/g").authorize(Operation.COPY)))
                    .isEqualTo(PERMIT);
            assertThat(decision(() -> grant(access, client, "/data/a/f", "/data/b/g").authorize(Operation.COPY)))
                    .isEqualTo("403 This macaroon does not allow UPLOAD on /data/b/g");
        }

        @Test
        void replacingADestinationNeedsDeleteThere() throws Exception {
            Grant inside = grant(access, client, "/data/a/f", "/data/a/g");
            assertThat(decision(() -> inside.authorizeReplacing(Operation.COPY))).isEqualTo(PERMIT);
            assertThat(inside.mayReplace(Operation.COPY)).isTrue();
            Grant outside = grant(access, client, "/data/a/f", "/data/b/g");
            assertThat(decision(() -> outside.authorizeReplacing(Operation.COPY)))
                    .isEqualTo("403 This macaroon does not allow DELETE on /data/b/g");
            assertThat(outside.mayReplace(Operation.COPY)).isFalse();
        }

        @Test
        void moveNeedsManageAtBothEnds() throws Exception {
            assertThat(decision(() -> grant(access, client, "/data/a/f", "/data/a/g").authorize(Operation.MOVE)))
                    .isEqualTo("403 This macaroon does not allow MANAGE on /data/a/f");
        }
    }

    @Nested
    class AMacaroonWithMaxUpload {
        private final AccessControl access = door();
        private final Client client = macaroon("/data/a", "activity:UPLOAD,DOWNLOAD", "max-upload:100");

        AMacaroonWithMaxUpload() throws Exception {
        }

        @Test
        void mayUploadUpToItsLimitAndNoByteMore() throws Exception {
            Grant grant = grant(access, client, "/data/a/f");
            assertThat(grant.maxUpload()).hasValue(100);
            assertThat(decision(() -> grant.requireWithinMaxUpload(100))).isEqualTo(PERMIT);
            assertThat(decision(() -> grant.requireWithinMaxUpload(101)))
                    .isEqualTo("413 Upload of 101 bytes exceeds the limit of 100 bytes");
        }

        @Test
        void mayCopyFilesWithinItsLimitButNoCollection() throws Exception {
            Grant grant = grant(access, client, "/data/a/f", "/data/a/g");
            assertThat(decision(() -> grant.requireCopyWithinMaxUpload(false, 100))).isEqualTo(PERMIT);
            assertThat(decision(() -> grant.requireCopyWithinMaxUpload(false, 101)))
                    .isEqualTo("413 Upload of 101 bytes exceeds the limit of 100 bytes");
            assertThat(decision(() -> grant.requireCopyWithinMaxUpload(true, 0)))
                    .isEqualTo("413 A macaroon with max-upload: may copy files, not collections");
        }
    }

    @Nested
    class AMacaroonWithARoot {
        private final AccessControl access = door();
        private final Client client = macaroon("/", "root:/home/alice", "activity:DOWNLOAD");

        AMacaroonWithARoot() throws Exception {
        }

        @Test
        void reRootsTheRequestPathOnceAndNamesTheStoragePathInRefusals() throws Exception {
            Grant grant = grant(access, client, "/f");
            assertThat(grant.storagePath()).isEqualTo("/home/alice/f");
            assertThat(decision(() -> grant.authorize(Operation.GET))).isEqualTo(PERMIT);
            assertThat(decision(() -> grant.authorize(Operation.DELETE)))
                    .isEqualTo("403 This macaroon does not allow DELETE on /home/alice/f");
        }

        @Test
        void reRootsTheDestinationToo() throws Exception {
            assertThat(grant(access, client, "/f", "/g").destinationPath()).isEqualTo("/home/alice/g");
        }
    }

    @Test
    void listingAnAncestorOfAMacaroonsPathShowsOnlyTheMemberOnTheWay() throws Exception {
        Grant grant = grant(door(), macaroon("/data/a", "activity:UPLOAD,LIST"), "/data");
        assertThat(decision(() -> grant.authorizeCollection(Operation.PROPFIND))).isEqualTo(PERMIT);
        assertThat(grant.maySee("/data/a")).isTrue();
        assertThat(grant.maySee("/data/ab")).isFalse();
        assertThat(grant.maySee("/data/b")).isFalse();
    }

    @Test
    void aMacaroonWithoutUploadMayNotCreateCollectionsOnTheWayToItsPath() throws Exception {
        Client reader = macaroon("/data/a", "activity:DOWNLOAD,LIST");
        assertThat(decide(door(), reader, Operation.MKCOL, "/data"))
                .isEqualTo("403 This macaroon does not allow MANAGE on /data");
    }

    @Test
    void gfal2MayCreateTheDirectoryOfTheFileItsMacaroonWasMintedFor() throws Exception {
        Client gfal2 = macaroon("/a/dir/gfal2_mkdir.reserved", "activity:UPLOAD");
        assertThat(decide(door(), gfal2, Operation.MKCOL, "/a/dir")).isEqualTo(PERMIT);
        assertThat(decide(door(), gfal2, Operation.MKCOL, "/a/other"))
                .isEqualTo("403 This macaroon does not allow MANAGE on /a/other");
    }

    // --- X.509 identities -----------------------------------------------------------------------------------------

    @Nested
    class AnIdentityWithAPolicyRule {
        private final AccessControl access = door();
        private final Client client = x509(ATLAS_DN, false);

        @Test
        void mayDoWhatItsRuleAllowsWithinTheRulesPath() throws Exception {
            assertThat(decide(access, client, Operation.PUT, "/atlas/a/f")).isEqualTo(PERMIT);
            assertThat(decide(access, client, Operation.GET, "/atlas/a/f")).isEqualTo(PERMIT);
            assertThat(decide(access, client, Operation.PROPFIND, "/atlas/a")).isEqualTo(PERMIT);
        }

        @Test
        void mayNotDoWhatItsRuleDoesNotAllow() throws Exception {
            assertThat(decide(access, client, Operation.DELETE, "/atlas/a/f"))
                    .isEqualTo("403 Your identity does not allow DELETE on /atlas/a/f");
            assertThat(decide(access, client, Operation.PROPPATCH, "/atlas/a/f"))
                    .isEqualTo("403 Your identity does not allow UPDATE_METADATA on /atlas/a/f");
        }

        @Test
        void mayNotActOutsideTheRulesPathsButMayWalkDownToThem() throws Exception {
            assertThat(decide(access, client, Operation.GET, "/atlas/ab/f"))
                    .isEqualTo("403 Your identity does not allow DOWNLOAD on /atlas/ab/f");
            assertThat(decide(access, client, Operation.PROPFIND, "/atlas")).isEqualTo(PERMIT);
            assertThat(decide(access, client, Operation.PUT, "/atlas/f"))
                    .isEqualTo("403 Your identity does not allow UPLOAD on /atlas/f");
        }

        @Test
        void mayNotCreateCollectionsOnTheWayToItsPathAsOnlyMacaroonsMay() throws Exception {
            assertThat(decide(access, client, Operation.MKCOL, "/atlas"))
                    .isEqualTo("403 Your identity does not allow MANAGE on /atlas");
            assertThat(decide(access, client, Operation.MKCOL, "/atlas/a/sub")).isEqualTo(PERMIT);
        }

        @Test
        void hasNoMaxUpload() throws Exception {
            assertThat(grant(access, client, "/atlas/a/f").maxUpload()).isEmpty();
        }
    }

    @Test
    void anIdentityNoRuleMatchesMayDoNothingAnywhere() throws Exception {
        Client stranger = x509(STRANGER_DN, false);
        assertThat(decide(door(), stranger, Operation.HEAD, "/"))
                .isEqualTo("403 Your identity does not allow READ_METADATA on /");
        assertThat(decide(door(), stranger, Operation.GET, "/atlas/a/f"))
                .isEqualTo("403 Your identity does not allow DOWNLOAD on /atlas/a/f");
    }

    // --- limited proxies ------------------------------------------------------------------------------------------

    @Nested
    class ALimitedProxyWhereTheDoorAllowsReading {
        private final AccessControl access = door(LimitedProxyPolicy.DOWNLOAD_ONLY, AnonymousAccess.none());
        private final Client client = x509(ATLAS_DN, true);

        @Test
        void mayReadWhatItsOwnerMayRead() throws Exception {
            assertThat(decide(access, client, Operation.GET, "/atlas/a/f")).isEqualTo(PERMIT);
            assertThat(decide(access, client, Operation.PROPFIND, "/atlas/a")).isEqualTo(PERMIT);
        }

        @Test
        void mayNotWriteWhatItsOwnerMayWrite() throws Exception {
            assertThat(decide(access, client, Operation.PUT, "/atlas/a/f"))
                    .isEqualTo("403 A limited proxy does not allow UPLOAD on /atlas/a/f");
            assertThat(decide(access, client, Operation.LOCK, "/atlas/a/f"))
                    .isEqualTo("403 A limited proxy does not allow MANAGE on /atlas/a/f");
        }

        @Test
        void mayNotReadWhatItsOwnerMayNot() throws Exception {
            assertThat(decide(access, client, Operation.GET, "/cms/f"))
                    .isEqualTo("403 A limited proxy does not allow DOWNLOAD on /cms/f");
        }

        @Test
        void mayMintOnlyMacaroonsThatSayTheyAreForReading() throws Exception {
            Grant grant = grant(access, client, "/atlas/a");
            assertThat(decision(grant::requireMinting)).isEqualTo(PERMIT);
            assertThat(decision(() -> grant.requireMintable(new MacaroonRequest(List.of("activity:DOWNLOAD,LIST"),
                    Optional.empty())))).isEqualTo(PERMIT);
            String readOnly = "403 A limited proxy may only request macaroons limited to "
                    + "activity:DOWNLOAD,LIST,READ_METADATA";
            assertThat(decision(() -> grant.requireMintable(MacaroonRequest.empty()))).isEqualTo(readOnly);
            assertThat(decision(() -> grant.requireMintable(new MacaroonRequest(List.of("activity:DOWNLOAD,UPLOAD"),
                    Optional.empty())))).isEqualTo(readOnly);
        }
    }

    @Nested
    class ALimitedProxyWhereTheDoorRefusesThem {
        private final AccessControl access = door(LimitedProxyPolicy.REFUSE, AnonymousAccess.none());
        private final Client client = x509(ATLAS_DN, true);

        @Test
        void mayDoNothing() throws Exception {
            assertThat(decide(access, client, Operation.GET, "/atlas/a/f"))
                    .isEqualTo("403 A limited proxy does not allow DOWNLOAD on /atlas/a/f");
            assertThat(decide(access, client, Operation.HEAD, "/atlas"))
                    .isEqualTo("403 A limited proxy does not allow READ_METADATA on /atlas");
        }

        @Test
        void mayNotMint() throws Exception {
            assertThat(decision(grant(access, client, "/atlas/a")::requireMinting))
                    .isEqualTo("403 Limited proxies may not request macaroons here");
        }
    }

    // --- anonymous clients ----------------------------------------------------------------------------------------

    @Nested
    class AnAnonymousClientWithoutAreas {
        private final AccessControl access = door();
        private final Client client = new Client.Anonymous();

        @Test
        void isToldToAuthenticateForAnythingAnywhere() throws Exception {
            for (Operation operation : List.of(Operation.GET, Operation.HEAD, Operation.PUT, Operation.DELETE,
                    Operation.MKCOL, Operation.PROPFIND, Operation.LOCK)) {
                assertThat(decide(access, client, operation, "/public/f")).as(operation.name())
                        .isEqualTo("401 Authentication required");
            }
        }

        @Test
        void mayAskForOptions() throws Exception {
            assertThat(decide(access, client, Operation.OPTIONS, "/anything")).isEqualTo(PERMIT);
        }

        @Test
        void mayNotMint() throws Exception {
            assertThat(decision(grant(access, client, "/")::requireMinting)).isEqualTo("401 Authentication required");
        }
    }

    @Nested
    class AnAnonymousClientWithAReadOnlyArea {
        private final AccessControl access = door(LimitedProxyPolicy.DOWNLOAD_ONLY, new AnonymousAccess(List.of(
                new AnonymousAccess.Area("/public", EnumSet.of(Activity.DOWNLOAD, Activity.LIST,
                        Activity.READ_METADATA)))));
        private final Client client = new Client.Anonymous();

        @Test
        void mayReadInTheArea() throws Exception {
            assertThat(decide(access, client, Operation.GET, "/public/f")).isEqualTo(PERMIT);
            Grant grant = grant(access, client, "/public");
            assertThat(decision(() -> grant.authorizeCollection(Operation.GET))).isEqualTo(PERMIT);
            assertThat(grant.maySee("/public/f")).isTrue();
        }

        @Test
        void isToldToAuthenticateToWriteThere() throws Exception {
            assertThat(decide(access, client, Operation.PUT, "/public/f")).isEqualTo("401 Authentication required");
            assertThat(decide(access, client, Operation.MKCOL, "/public/d"))
                    .isEqualTo("401 Authentication required");
        }

        @Test
        void isToldToAuthenticateBesideOrAboveTheArea() throws Exception {
            assertThat(decide(access, client, Operation.GET, "/publicity")).isEqualTo("401 Authentication required");
            assertThat(decide(access, client, Operation.PROPFIND, "/")).isEqualTo("401 Authentication required");
        }

        @Test
        void isToldToAuthenticateToCopyOutOfTheArea() throws Exception {
            assertThat(decision(() -> grant(access, client, "/public/f", "/private/f").authorize(Operation.COPY)))
                    .isEqualTo("401 Authentication required");
        }
    }

    // --- what the decision does not need --------------------------------------------------------------------------

    @Test
    void theRequestPathIsResolvedOnceIntoTheGrant() throws Exception {
        Grant grant = grant(door(), macaroon("/data/a", "activity:DOWNLOAD"), "/data//a/./f/");
        assertThat(grant.storagePath()).isEqualTo("/data/a/f");
        assertThat(grant.destination()).isEmpty();
    }
}
