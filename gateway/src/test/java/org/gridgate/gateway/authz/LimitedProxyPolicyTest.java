package org.gridgate.gateway.authz;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import java.util.Set;
import org.gridgate.caveat.Activity;
import org.junit.jupiter.api.Test;

class LimitedProxyPolicyTest {

    @Test
    void downloadOnlyAllowsReadingAndNothingElse() {
        assertThat(LimitedProxyPolicy.DOWNLOAD_ONLY.allows(Activity.DOWNLOAD)).isTrue();
        assertThat(LimitedProxyPolicy.DOWNLOAD_ONLY.allows(Activity.LIST)).isTrue();
        assertThat(LimitedProxyPolicy.DOWNLOAD_ONLY.allows(Activity.READ_METADATA)).isTrue();
        for (Activity write : EnumSet.of(Activity.UPLOAD, Activity.DELETE, Activity.MANAGE,
                Activity.UPDATE_METADATA, Activity.STAGE)) {
            assertThat(LimitedProxyPolicy.DOWNLOAD_ONLY.allows(write)).as(write.name()).isFalse();
        }
    }

    @Test
    void downloadOnlyMintsOnlyReadMacaroonsThatSaySo() {
        assertThat(LimitedProxyPolicy.DOWNLOAD_ONLY.allowsMinting(Set.of(Activity.DOWNLOAD, Activity.LIST))).isTrue();
        assertThat(LimitedProxyPolicy.DOWNLOAD_ONLY.allowsMinting(Set.of(Activity.DOWNLOAD, Activity.UPLOAD)))
                .isFalse();
        assertThat(LimitedProxyPolicy.DOWNLOAD_ONLY.allowsMinting(Set.of())).isFalse();
    }

    @Test
    void refuseAllowsNothing() {
        for (Activity activity : Activity.values()) {
            assertThat(LimitedProxyPolicy.REFUSE.allows(activity)).isFalse();
        }
        assertThat(LimitedProxyPolicy.REFUSE.allowsMinting(Set.of(Activity.DOWNLOAD))).isFalse();
    }
}
