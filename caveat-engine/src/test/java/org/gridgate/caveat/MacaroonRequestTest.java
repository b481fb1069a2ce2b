package org.gridgate.caveat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MacaroonRequestTest {

    private static MacaroonRequest asking(String... caveats) {
        return new MacaroonRequest(List.of(caveats), Optional.of("PT1H"));
    }

    @Test
    void withoutActivityCaveatTheRequestNamesNoActivities() throws Exception {
        assertThat(asking("path:/a", "ip:192.0.2.0/24").activities()).isEmpty();
    }

    @Test
    void activitiesAreTheLastNarrowing() throws Exception {
        assertThat(asking("activity:DOWNLOAD,LIST", "activity: LIST ").activities())
                .contains(EnumSet.of(Activity.LIST));
    }

    @Test
    void refusesUnknownActivityAsMintingWould() {
        assertThatThrownBy(() -> asking("activity:DOWNLOAD,FLY").activities())
                .isInstanceOf(MintRefusedException.class).hasMessageContaining("unknown activity 'FLY'");
    }

    @Test
    void refusesEnlargingActivitiesAsMintingWould() {
        assertThatThrownBy(() -> asking("activity:LIST", "activity:LIST,UPLOAD").activities())
                .isInstanceOf(MintRefusedException.class).hasMessageContaining("enlarge");
    }
}
