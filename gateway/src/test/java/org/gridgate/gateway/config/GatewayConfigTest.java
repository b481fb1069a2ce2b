package org.gridgate.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.gridgate.caveat.Activity;
import org.gridgate.gateway.authz.LimitedProxyPolicy;
import org.gridgate.gateway.server.TlsSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GatewayConfigTest {

    @TempDir
    Path dir;

    /** The example in README.md, copied verbatim into the test resources. */
    private static Path readmeExample() throws URISyntaxException {
        return Path.of(GatewayConfigTest.class.getResource("/gateway-example.yaml").toURI());
    }

    @Test
    void readmeExampleLoads() throws Exception {
        GatewayConfig config = GatewayConfig.load(readmeExample());
        assertThat(config.listen().port()).isEqualTo(8443);
        assertThat(config.tlsProvider()).isEqualTo(TlsSettings.Provider.AUTO);
        assertThat(config.limitedProxies()).isEqualTo(LimitedProxyPolicy.DOWNLOAD_ONLY);
        assertThat(config.macaroons().maxLifetime()).contains(Duration.ofDays(7));
        assertThat(config.metrics()).hasValueSatisfying(m -> assertThat(m.port()).isEqualTo(9100));
        assertThat(config.anonymousAreas().permits(Activity.DOWNLOAD, "/public/x")).isTrue();
        assertThat(config.anonymousAreas().permits(Activity.UPLOAD, "/public/x")).isFalse();
        assertThat(config.anonymousAreas().permits(Activity.DOWNLOAD, "/publicity")).isFalse();
    }

    @Test
    void unknownKeyIsAnError() throws Exception {
        Path file = dir.resolve("bad.yaml");
        Files.writeString(file, Files.readString(readmeExample()) + "\nlisten-port: 9\n");
        assertThatThrownBy(() -> GatewayConfig.load(file)).isInstanceOf(ConfigException.class)
                .hasMessage("Cannot read configuration " + file + ": unknown key 'listen-port'");
    }

    @Test
    void unknownNestedKeyIsNamedWithItsParents() throws Exception {
        Path file = dir.resolve("typo.yaml");
        Files.writeString(file, Files.readString(readmeExample()).replace("provider: auto", "provder: auto"));
        assertThatThrownBy(() -> GatewayConfig.load(file)).isInstanceOf(ConfigException.class)
                .hasMessage("Cannot read configuration " + file + ": unknown key 'tls.provder'");
    }

    @Test
    void valueOfTheWrongKindIsNamedByItsKeyInOneLine() throws Exception {
        Path file = dir.resolve("enum.yaml");
        Files.writeString(file, Files.readString(readmeExample()).replace("provider: auto", "provider: fast"));
        assertThatThrownBy(() -> GatewayConfig.load(file)).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("Cannot read configuration " + file + ": tls.provider: ")
                .hasMessageContaining("\"fast\"")
                .hasMessageNotContaining("\n");
    }

    @Test
    void missingSettingIsNamed() throws Exception {
        Path file = dir.resolve("partial.yaml");
        Files.writeString(file, "listen: {port: 8443}\n");
        assertThatThrownBy(() -> GatewayConfig.load(file)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("tls");
    }
}
