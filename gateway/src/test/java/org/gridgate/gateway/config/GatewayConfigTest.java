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
import org.gridgate.storage.ChecksumAlgorithm;
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
                .hasMessageContaining("listen-port");
    }

    @Test
    void missingSettingIsNamed() throws Exception {
        Path file = dir.resolve("partial.yaml");
        Files.writeString(file, "listen: {port: 8443}\n");
        assertThatThrownBy(() -> GatewayConfig.load(file)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("tls");
    }

    @Test
    void checksumsDefaultToAdler32AndTheListedOnesAreAdded() throws Exception {
        assertThat(GatewayConfig.load(readmeExample()).checksumsForEveryFile())
                .containsExactly(ChecksumAlgorithm.ADLER32);
        Path file = dir.resolve("md5.yaml");
        Files.writeString(file, Files.readString(readmeExample())
                .replace("checksums: [adler32]", "checksums: [md5, SHA-256]"));

        assertThat(GatewayConfig.load(file).checksumsForEveryFile())
                .containsExactlyInAnyOrder(ChecksumAlgorithm.ADLER32, ChecksumAlgorithm.MD5, ChecksumAlgorithm.SHA256);
    }

    @Test
    void anUnknownChecksumIsRefusedNamingTheKnownOnes() throws Exception {
        Path file = dir.resolve("sha256.yaml");
        Files.writeString(file, Files.readString(readmeExample())
                .replace("checksums: [adler32]", "checksums: [adler32, sha256]"));

        assertThatThrownBy(() -> GatewayConfig.load(file)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("storage.checksums: unknown algorithm \"sha256\"")
                .hasMessageContaining("known: adler32, md5, sha-256");
    }
}
