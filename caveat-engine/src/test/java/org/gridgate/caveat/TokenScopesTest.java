package org.gridgate.caveat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.gridgate.caveat.Activity.DELETE;
import static org.gridgate.caveat.Activity.DOWNLOAD;
import static org.gridgate.caveat.Activity.LIST;
import static org.gridgate.caveat.Activity.MANAGE;
import static org.gridgate.caveat.Activity.READ_METADATA;
import static org.gridgate.caveat.Activity.STAGE;
import static org.gridgate.caveat.Activity.UPLOAD;

import org.junit.jupiter.api.Test;

class TokenScopesTest {

    @Test
    void scopePathsMatchWholeComponentsBelowTheBasePath() throws Exception {
        TokenScopes scopes = TokenScopes.parse("openid storage.create:/a", "/data");
        assertThat(scopes.capabilityBased()).isTrue();
        assertThat(scopes.at("/data/a/x")).contains(UPLOAD).doesNotContain(DELETE, MANAGE, DOWNLOAD);
        assertThat(scopes.at("/data/a")).contains(UPLOAD);
        assertThat(scopes.at("/data/ab")).isEmpty();
        assertThat(scopes.at("/a")).isEmpty();
        assertThat(scopes.at("/data")).containsExactlyInAnyOrder(LIST, READ_METADATA);
        assertThat(scopes.heldAt("/data")).isEmpty();
    }

    @Test
    void eachKindMapsToItsActivities() throws Exception {
        TokenScopes scopes = TokenScopes.parse(
                "storage.read:/r storage.create:/c storage.modify:/m storage.stage:/s", "/");
        assertThat(scopes.heldAt("/r")).containsExactlyInAnyOrder(DOWNLOAD, LIST, READ_METADATA);
        assertThat(scopes.heldAt("/c")).containsExactlyInAnyOrder(UPLOAD, LIST, READ_METADATA);
        assertThat(scopes.heldAt("/m")).contains(UPLOAD, DELETE, MANAGE).doesNotContain(DOWNLOAD);
        assertThat(scopes.heldAt("/s")).contains(DOWNLOAD, STAGE);
    }

    @Test
    void aScopeCannotClimbAboveTheBasePath() throws Exception {
        TokenScopes scopes = TokenScopes.parse("storage.read:/../../etc", "/data");
        assertThat(scopes.at("/etc")).isEmpty();
        assertThat(scopes.at("/data/etc")).contains(DOWNLOAD);
    }

    @Test
    void noStorageScopeMeansGroupsDecide() throws Exception {
        assertThat(TokenScopes.parse("openid profile", "/").capabilityBased()).isFalse();
        assertThat(TokenScopes.parse(null, "/").capabilityBased()).isFalse();
        TokenScopes unknown = TokenScopes.parse("storage.purge:/x", "/");
        assertThat(unknown.capabilityBased()).isTrue();
        assertThat(unknown.at("/x")).isEmpty();
    }

    @Test
    void aStorageScopeWithoutAnAbsolutePathIsRefused() {
        assertThatThrownBy(() -> TokenScopes.parse("storage.read", "/")).isInstanceOf(InvalidCaveatException.class);
        assertThatThrownBy(() -> TokenScopes.parse("storage.read:a", "/")).isInstanceOf(InvalidCaveatException.class);
    }
}
