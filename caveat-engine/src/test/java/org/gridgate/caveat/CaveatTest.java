package org.gridgate.caveat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class CaveatTest {

    @Test
    void identifiesEveryDcacheLabel() throws Exception {
        assertThat(CaveatType.identify("home")).isEqualTo(CaveatType.HOME);
        assertThat(CaveatType.identify("root")).isEqualTo(CaveatType.ROOT);
        assertThat(CaveatType.identify("path")).isEqualTo(CaveatType.PATH);
        assertThat(CaveatType.identify("activity")).isEqualTo(CaveatType.ACTIVITY);
        assertThat(CaveatType.identify("id")).isEqualTo(CaveatType.IDENTITY);
        assertThat(CaveatType.identify("before")).isEqualTo(CaveatType.BEFORE);
        assertThat(CaveatType.identify("ip")).isEqualTo(CaveatType.IP);
        assertThat(CaveatType.identify("max-upload")).isEqualTo(CaveatType.MAX_UPLOAD);
        assertThat(CaveatType.identify("iid")).isEqualTo(CaveatType.ISSUE_ID);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Path", "PATH", "name", "", "scope", "path "})
    void refusesUnknownLabel(String label) {
        assertThatThrownBy(() -> CaveatType.identify(label)).isInstanceOf(InvalidCaveatException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "activity:DOWNLOAD,LIST", "activity:UPLOAD", "activity: LIST , DOWNLOAD",
            "before:2030-01-01T00:00:00Z", "before:2019-04-17T09:51:22.840Z", "before:2023-04-20T23:09:25.924861Z",
            "ip:192.0.2.1", "ip:192.0.2.0/24", "ip:2001:db8::/32", "ip:::1", "ip:10.0.0.0/8, 2001:db8::1",
            "max-upload:1", "max-upload:9223372036854775807",
            "id:2002;1001,2002,0;paul", "id:0;0;root",
            "path:/data/atlas", "root:/Users/paul", "home:/Users/paul", "path:relative/dir",
            "iid:pFM052rS"})
    void roundTripsThroughToString(String text) throws Exception {
        assertThat(Caveat.parse(text).toString()).isEqualTo(text);
    }

    @Test
    void splitsAtTheFirstColonOnly() throws Exception {
        Caveat caveat = Caveat.parse("ip:2001:db8::1");
        assertThat(caveat.type()).isEqualTo(CaveatType.IP);
        assertThat(caveat.value()).isEqualTo("2001:db8::1");
    }

    @Test
    void refusesCaveatWithoutColon() {
        assertThatThrownBy(() -> Caveat.parse("activityDOWNLOAD"))
                .isInstanceOf(InvalidCaveatException.class).hasMessage("missing ':' in caveat activityDOWNLOAD");
    }

    @Test
    void refusesUnknownCaveatNamingIt() {
        assertThatThrownBy(() -> Caveat.parse("foo:bar"))
                .isInstanceOf(InvalidCaveatException.class).hasMessage("unknown caveat foo:bar");
    }

    @ParameterizedTest
    @ValueSource(strings = {"path:/data\u0000/x", "path:/data\n/x", "activity:LIST\r", "iid:ab\u007fc",
            "home:/a\u0085b"})
    void refusesControlCharacters(String text) {
        assertThatThrownBy(() -> Caveat.parse(text))
                .isInstanceOf(InvalidCaveatException.class).hasMessageStartingWith("control character");
    }

    @Test
    void escapesControlCharactersInTheMessage() {
        assertThatThrownBy(() -> Caveat.parse("path:/a\nINFO forged"))
                .hasMessageNotContaining("\n").hasMessageContaining("\\u000a");
    }

    @ParameterizedTest
    @ValueSource(strings = {"activity:FOO", "activity:download", "activity:", "activity:LIST,,DOWNLOAD",
            "activity:LIST,"})
    void refusesMalformedActivity(String text) {
        assertThatThrownBy(() -> Caveat.parse(text))
                .isInstanceOf(InvalidCaveatException.class).hasMessageStartingWith("bad value in caveat activity:");
    }

    @Test
    void readsEveryActivityName() throws Exception {
        assertThat(CaveatValues.activities(
                "LIST,DOWNLOAD,MANAGE,UPLOAD,DELETE,READ_METADATA,UPDATE_METADATA,STAGE"))
                .containsExactlyInAnyOrder(Activity.values());
    }

    @ParameterizedTest
    @ValueSource(strings = {"before:tomorrow", "before:2030-01-01", "before:", "before:1893456000"})
    void refusesMalformedBefore(String text) {
        assertThatThrownBy(() -> Caveat.parse(text))
                .isInstanceOf(InvalidCaveatException.class).hasMessageContaining("not an ISO-8601 instant");
    }

    @ParameterizedTest
    @ValueSource(strings = {"max-upload:0", "max-upload:-1", "max-upload:+5", "max-upload:1e6", "max-upload:",
            "max-upload: 5", "max-upload:9223372036854775808"})
    void refusesMaxUploadThatIsNotAPositiveLong(String text) {
        assertThatThrownBy(() -> Caveat.parse(text)).isInstanceOf(InvalidCaveatException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"id:1;2", "id:x;1;u", "id:1;;u", "id:1;2;", "id:1;2;  ", "id:-1;2;u", "id:1;2,x;u",
            "id:1;2,;u"})
    void refusesMalformedIdentity(String text) {
        assertThatThrownBy(() -> Caveat.parse(text)).isInstanceOf(InvalidCaveatException.class);
    }

    @Test
    void readsIdentityWithPrimaryGroupFirst() throws Exception {
        MacaroonIdentity identity = MacaroonIdentity.parse("2002;1001,2002,0;paul");
        assertThat(identity.uid()).isEqualTo(2002);
        assertThat(identity.gids()).containsExactly(1001L, 2002L, 0L);
        assertThat(identity.username()).isEqualTo("paul");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ip:example.org", "ip:localhost", "ip:192.0.2", "ip:192.0.2.256", "ip:192.0.2.01",
            "ip:192.0.2.0/33", "ip:2001:db8::/129", "ip:fe80::1%eth0", "ip:1:2:3", "ip:", "ip:192.0.2.1,",
            "ip:192.0.2.0/", "ip:192.0.2.0/-1", "ip:::ffff:192.0.2.0/64", "ip:0x7f.0.0.1"})
    void refusesIpThatIsNotALiteralAddressOrSubnet(String text) {
        assertThatThrownBy(() -> Caveat.parse(text)).isInstanceOf(InvalidCaveatException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"path:", "root:", "home:", "iid:", "iid:  "})
    void refusesEmptyPathsAndIssueIds(String text) {
        assertThatThrownBy(() -> Caveat.parse(text)).isInstanceOf(InvalidCaveatException.class);
    }

    @Test
    void constructorRefusesMalformedValue() {
        assertThatThrownBy(() -> new Caveat(CaveatType.MAX_UPLOAD, "0")).isInstanceOf(IllegalArgumentException.class);
    }
}
