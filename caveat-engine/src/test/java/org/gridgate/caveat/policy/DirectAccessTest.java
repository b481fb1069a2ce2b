package org.gridgate.caveat.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.gridgate.caveat.policy.Requesters.USER_DN;

import java.nio.file.Path;
import org.gridgate.caveat.Activity;
import org.gridgate.caveat.MintingPolicy;
import org.gridgate.caveat.PolicyException;
import org.gridgate.caveat.Requester;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What an X.509 user may do without a macaroon, under a rule allowing DOWNLOAD and UPLOAD in /atlas/a. */
class DirectAccessTest {

    private static final Requester ATLAS_USER = Requesters.withFqans(USER_DN, "/atlas/Role=NULL");

    @TempDir
    Path dir;

    private MintingPolicy policy;

    @BeforeEach
    void load() throws PolicyException {
        policy = PolicyFiles.load(dir, """
                rules:
                  - name: atlas-a
                    match: {vo: atlas}
                    allow: {activities: [DOWNLOAD, UPLOAD], paths: [/atlas/a/]}
                """);
    }

    private boolean permits(Activity activity, String path) {
        return policy.permitsDirect(ATLAS_USER, activity, path);
    }

    @Test
    void allowedActivityIsPermittedOnThePrefixAndBelowIt() {
        assertThat(permits(Activity.DOWNLOAD, "/atlas/a")).isTrue();
        assertThat(permits(Activity.UPLOAD, "/atlas/a/run1/file.root")).isTrue();
    }

    @Test
    void activityTheRuleDoesNotAllowIsRefused() {
        assertThat(permits(Activity.DELETE, "/atlas/a/file.root")).isFalse();
    }

    @Test
    void readMetadataComesWithAnyAllowedActivity() {
        assertThat(permits(Activity.READ_METADATA, "/atlas/a/file.root")).isTrue();
    }

    @Test
    void listIsNotImpliedWithinThePrefix() {
        assertThat(permits(Activity.LIST, "/atlas/a/dir")).isFalse();
    }

    @Test
    void prefixesAreComparedSegmentBySegment() {
        assertThat(permits(Activity.DOWNLOAD, "/atlas/ab")).isFalse();
        assertThat(permits(Activity.DOWNLOAD, "/atlas/ab/file.root")).isFalse();
    }

    @Test
    void listAndReadMetadataArePermittedOnDirectoriesAboveThePrefix() {
        assertThat(permits(Activity.LIST, "/")).isTrue();
        assertThat(permits(Activity.LIST, "/atlas")).isTrue();
        assertThat(permits(Activity.READ_METADATA, "/atlas/")).isTrue();
    }

    @Test
    void otherActivitiesAreRefusedAboveThePrefix() {
        assertThat(permits(Activity.DOWNLOAD, "/atlas")).isFalse();
        assertThat(permits(Activity.UPLOAD, "/atlas/new-file")).isFalse();
    }

    @Test
    void siblingsOfTheWayDownAreNotListable() {
        assertThat(permits(Activity.LIST, "/atlas/b")).isFalse();
        assertThat(permits(Activity.READ_METADATA, "/cms")).isFalse();
    }

    @Test
    void pathClimbingOutWithDotDotIsRefused() {
        assertThat(permits(Activity.DOWNLOAD, "/atlas/a/../b/secret")).isFalse();
        assertThat(permits(Activity.DOWNLOAD, "/atlas/a/./file")).isFalse();
    }

    @Test
    void relativePathIsRefused() {
        assertThat(permits(Activity.DOWNLOAD, "atlas/a/file")).isFalse();
    }

    @Test
    void requesterWithoutARuleMayDoNothing() {
        assertThat(policy.permitsDirect(Requesters.dn(USER_DN), Activity.LIST, "/")).isFalse();
    }

    @Test
    void rootPrefixCoversEverything() {
        MintingPolicy dev = MintingPolicy.permissiveDev();

        assertThat(dev.permitsDirect(Requesters.dn(USER_DN), Activity.DELETE, "/any/where")).isTrue();
    }

    @Test
    void directRightsFoundOnceAgreeWithAskingActivityByActivity() {
        org.gridgate.caveat.DirectRights rights = policy.directRights(ATLAS_USER);
        for (String path : java.util.List.of("/", "/atlas", "/atlas/a", "/atlas/a/x/y", "/atlas/ab", "/cms",
                "relative", "/atlas/../atlas/a", "/atlas/./a")) {
            for (Activity activity : Activity.values()) {
                assertThat(rights.at(path).contains(activity)).as("%s on %s", activity, path)
                        .isEqualTo(permits(activity, path));
            }
        }
    }

    @Test
    void aRequesterNoRuleMatchesMayDoNothingAnywhere() {
        Requester stranger = Requesters.withFqans("/DC=org/CN=Stranger", "/cms/Role=NULL");
        assertThat(policy.directRights(stranger).at("/atlas/a")).isEmpty();
        assertThat(policy.directRights(stranger).at("/")).isEmpty();
    }
}
