package org.gridgate.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.gridgate.caveat.Activity;
import org.gridgate.gateway.authz.LimitedProxyPolicy;
import org.gridgate.gateway.server.AccessLog;
import org.gridgate.gateway.server.DoorLimits;
import org.gridgate.gateway.server.TlsSettings;
import org.gridgate.storage.ChecksumAlgorithm;
import org.gridgate.gateway.token.KeyFetching;
import org.gridgate.gateway.tpc.RemotePolicy;
import org.gridgate.gateway.tpc.RemoteRefusedException;
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
        assertThat(config.tlsSettings().volunteers()).isEmpty();
        assertThat(config.limitedProxies()).isEqualTo(LimitedProxyPolicy.DOWNLOAD_ONLY);
        assertThat(config.macaroons().maxLifetime()).contains(Duration.ofDays(7));
        assertThat(config.doorLimits()).as("the example shows every limit's default").isEqualTo(DoorLimits.DEFAULTS);
        assertThat(config.metrics()).hasValueSatisfying(m -> assertThat(m.port()).isEqualTo(9100));
        assertThat(config.anonymousAreas().permits(Activity.DOWNLOAD, "/public/x")).isTrue();
        assertThat(config.anonymousAreas().permits(Activity.UPLOAD, "/public/x")).isFalse();
        assertThat(config.anonymousAreas().permits(Activity.DOWNLOAD, "/publicity")).isFalse();
        RemotePolicy remotes = config.remotePolicy();
        assertThatCode(() -> remotes.check("se01.site.internal", addresses("10.30.0.1"))).doesNotThrowAnyException();
        assertThatCode(() -> remotes.check("se02.site.internal", addresses("10.20.1.1")))
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> remotes.check("se03.site.internal", addresses("10.20.9.1")))
                .isInstanceOf(RemoteRefusedException.class);
        assertThatThrownBy(() -> remotes.check("a.untrusted.example", addresses("192.0.2.10")))
                .isInstanceOf(RemoteRefusedException.class);
        assertThatThrownBy(() -> remotes.check("localhost", addresses("127.0.0.1")))
                .isInstanceOf(RemoteRefusedException.class);
    }

    @Test
    void theReadmesVolunteerCertificateLoadsOnceUncommented() throws Exception {
        Path file = dir.resolve("volunteers.yaml");
        Files.writeString(file, Files.readString(readmeExample()).replace("  # volunteers:", "  volunteers:")
                .replace("  #   ", "    "));
        GatewayConfig config = GatewayConfig.load(file);
        assertThat(config.tlsSettings().volunteers()).hasValueSatisfying(v -> {
            assertThat(v.certificate()).isEqualTo(Path.of("/etc/gridgate/volunteers.pem"));
            assertThat(v.hostNames()).containsExactly("volunteers.site.example.org");
        });
    }

    private static List<InetAddress> addresses(String literal) throws Exception {
        return List.of(InetAddress.getByName(literal));
    }

    /** The README example with its tokens section and what follows replaced by {@code section}. */
    private Path exampleWithTokens(String section) throws Exception {
        String example = Files.readString(readmeExample());
        Path file = dir.resolve("tokens.yaml");
        Files.writeString(file, example.substring(0, example.indexOf("tokens:")) + section);
        return file;
    }

    @Test
    void limitsDefaultWhenAbsentAndAreCheckedWhenSet() throws Exception {
        String example = Files.readString(readmeExample());
        Path absent = dir.resolve("absent.yaml");
        Files.writeString(absent, example.substring(0, example.indexOf("limits:")));
        assertThat(GatewayConfig.load(absent).doorLimits()).isEqualTo(DoorLimits.DEFAULTS);
        Path partial = dir.resolve("partial.yaml");
        Files.writeString(partial, example.substring(0, example.indexOf("limits:"))
                + "limits: {max-connections-per-address: 2000, auth-failures: 0}\n");
        DoorLimits limits = GatewayConfig.load(partial).doorLimits();
        assertThat(limits.maxConnectionsPerAddress()).isEqualTo(2000);
        assertThat(limits.authFailures()).isZero();
        assertThat(limits.requestHeadTimeout()).isEqualTo(DoorLimits.DEFAULTS.requestHeadTimeout());
        Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, example.substring(0, example.indexOf("limits:")) + "limits: {idle-timeout: PT0S}\n");
        assertThatThrownBy(() -> GatewayConfig.load(bad)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("limits.idle-timeout");
    }

    /** The README example with its third-party-copy section (the last) replaced by {@code section}. */
    private Path exampleWithThirdPartyCopy(String section) throws Exception {
        String example = Files.readString(readmeExample());
        Path file = dir.resolve("tpc.yaml");
        Files.writeString(file, example.substring(0, example.indexOf("third-party-copy:")) + section);
        return file;
    }

    @Test
    void withoutAThirdPartyCopySectionOnlyPublicAddressesOfOtherHostsAreReached() throws Exception {
        RemotePolicy remotes = GatewayConfig.load(exampleWithThirdPartyCopy("")).remotePolicy();
        assertThatCode(() -> remotes.check("se.example.org", addresses("192.0.2.10"))).doesNotThrowAnyException();
        for (String inside : List.of("127.0.0.1", "::1", "169.254.169.254", "10.1.2.3")) {
            assertThatThrownBy(() -> remotes.check(inside, addresses(inside)))
                    .isInstanceOf(RemoteRefusedException.class);
        }
    }

    @Test
    void thirdPartyCopyCanBeSwitchedOff() throws Exception {
        RemotePolicy remotes = GatewayConfig.load(exampleWithThirdPartyCopy("third-party-copy: {enabled: false}\n"))
                .remotePolicy();
        assertThatThrownBy(() -> remotes.check("se.example.org", addresses("192.0.2.10")))
                .hasMessageContaining("disabled");
    }

    @Test
    void aMalformedRangeStopsTheDoorNamingTheEntry() throws Exception {
        Path file = exampleWithThirdPartyCopy("third-party-copy:\n  deny: [10.0.0.0/8, 10.0.0.0/33]\n");
        assertThatThrownBy(() -> GatewayConfig.load(file)).isInstanceOf(ConfigException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("third-party-copy.deny: '10.0.0.0/33': prefix length beyond 32");
    }

    @Test
    void aRangeWiderThanItReadsStopsTheDoor() throws Exception {
        Path file = exampleWithThirdPartyCopy("third-party-copy:\n  allow: [10.20.0.1/16]\n");
        assertThatThrownBy(() -> GatewayConfig.load(file)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("third-party-copy.allow: '10.20.0.1/16'")
                .hasMessageContaining("did you mean 10.20.0.0/16?");
    }

    @Test
    void anUnknownThirdPartyCopyKeyStopsTheDoor() throws Exception {
        Path file = exampleWithThirdPartyCopy("third-party-copy:\n  allowed: [10.20.0.0/16]\n");
        assertThatThrownBy(() -> GatewayConfig.load(file)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("allowed");
    }

    @Test
    void readmeExampleTrustsOneTokenIssuerWithTheDefaults() throws Exception {
        GatewayConfig config = GatewayConfig.load(readmeExample());
        assertThat(config.tokenIssuers()).singleElement().satisfies(issuer -> {
            assertThat(issuer.issuer()).isEqualTo("https://atlas-auth.cern.ch/");
            assertThat(issuer.jwksUri()).isEmpty();
            assertThat(issuer.audiences()).containsExactly("https://door.example.org:8443");
            assertThat(issuer.audienceRequired()).isTrue();
            assertThat(issuer.basePath()).isEqualTo("/atlas");
            assertThat(issuer.leeway()).isEqualTo(Duration.ofSeconds(60));
        });
        assertThat(config.keyFetching()).isEqualTo(KeyFetching.defaults());
    }

    /** The tokens section of README.md's "WLCG tokens", every option set. */
    @Test
    void everyTokenOptionLoads() throws Exception {
        GatewayConfig config = GatewayConfig.load(exampleWithTokens(String.join("\n",
                "tokens:",
                "  issuers:",
                "    - issuer: https://atlas-auth.cern.ch/",
                "      audiences: [https://door.example.org, https://door.example.org:8443]",
                "      base-path: /atlas",
                "      jwks-uri: https://atlas-auth.cern.ch/jwk",
                "      audience-required: false",
                "      leeway: PT30S",
                "  key-refresh: PT2H",
                "  outage-tolerance: P1D",
                "  unknown-key-refetch: PT5M",
                "  fetch-timeout: PT3S", "")));
        assertThat(config.tokenIssuers()).singleElement().satisfies(issuer -> {
            assertThat(issuer.jwksUri()).contains(java.net.URI.create("https://atlas-auth.cern.ch/jwk"));
            assertThat(issuer.audienceRequired()).isFalse();
            assertThat(issuer.leeway()).isEqualTo(Duration.ofSeconds(30));
        });
        assertThat(config.keyFetching()).isEqualTo(new KeyFetching(Duration.ofHours(2), Duration.ofDays(1),
                Duration.ofMinutes(5), Duration.ofSeconds(3), Duration.ofSeconds(7)));
    }

    @Test
    void aTokenIssuerThatIsNotHttpsOrARelativeBasePathStopsTheDoor() throws Exception {
        for (String issuer : List.of("{issuer: http://iam.example.org/}",
                "{issuer: https://iam.example.org/, base-path: atlas}",
                "{issuer: https://iam.example.org/, jwks-uri: http://iam.example.org/jwk}",
                "{issuer: https://iam.example.org/, leeway: PT1H}")) {
            Path file = exampleWithTokens("tokens:\n  issuers:\n    - " + issuer + "\n");
            assertThatThrownBy(() -> GatewayConfig.load(file)).as(issuer).isInstanceOf(ConfigException.class)
                    .hasMessageContaining("tokens.issuers[0].");
        }
        Path refetch = exampleWithTokens("tokens:\n  issuers: []\n  unknown-key-refetch: PT2H\n");
        assertThatThrownBy(() -> GatewayConfig.load(refetch)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("tokens:");
    }

    @Test
    void unknownKeyIsAnError() throws Exception {
        Path file = dir.resolve("bad.yaml");
        Files.writeString(file, Files.readString(readmeExample()) + "\nlisten-port: 9\n");
        assertThatThrownBy(() -> GatewayConfig.load(file)).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(file + ":" + (Files.readString(readmeExample()).lines().count() + 2)
                        + ": listen-port: unknown key; the keys here are: access-log, anonymous-access, grid, limits, "
                        + "listen, macaroons, metrics, policy, storage, third-party-copy, tls, tokens, zookeeper");
    }

    @Test
    void unknownNestedKeyIsNamedWithItsParents() throws Exception {
        Path file = dir.resolve("typo.yaml");
        Files.writeString(file, Files.readString(readmeExample()).replace("provider: auto", "provder: auto"));
        assertThatThrownBy(() -> GatewayConfig.load(file)).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(file + ":7: tls.provder: unknown key; the keys here are: certificate, key, "
                        + "provider");
    }

    @Test
    void valueOfTheWrongKindIsNamedByItsKeyInOneLine() throws Exception {
        Path file = dir.resolve("enum.yaml");
        Files.writeString(file, Files.readString(readmeExample()).replace("provider: auto", "provider: fast"));
        assertThatThrownBy(() -> GatewayConfig.load(file)).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(file + ":7: tls.provider: ")
                .hasMessageContaining("\"fast\"")
                .hasMessageNotContaining("\n");
    }

    @Test
    void theAccessLogIsTextUnlessJsonIsAskedFor() throws Exception {
        assertThat(GatewayConfig.load(readmeExample()).accessLogFormat()).isEqualTo(AccessLog.Format.TEXT);
        Path file = dir.resolve("json.yaml");
        Files.writeString(file, Files.readString(readmeExample()).replace("access-log: {format: text}",
                "access-log: {format: json}"));
        assertThat(GatewayConfig.load(file).accessLogFormat()).isEqualTo(AccessLog.Format.JSON);
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

    /** The README example with {@code yaml} appended (top-level sections), and its listener's line replaced. */
    private Path exampleWith(String listen, String yaml) throws Exception {
        String example = Files.readString(readmeExample());
        Path file = dir.resolve("several.yaml");
        String replaced = listen == null ? example
                : example.replace("listen:\n  host: 0.0.0.0\n  port: 8443\n", listen + "\n");
        Files.writeString(file, replaced + "\n" + yaml);
        return file;
    }

    @Test
    void severalDoorsShareSecretsThroughZooKeeperAndTakeProxyHeadersFromTheirBalancers() throws Exception {
        GatewayConfig config = GatewayConfig.load(exampleWith(
                "listen: {host: 0.0.0.0, port: 8443, proxy-protocol-from: [10.0.0.5, 10.0.1.0/24]}",
                "zookeeper: {connect: \"zk1:2181,zk2:2181\", rotate-every: PT12H}\n"));

        var zookeeper = config.zookeeperSettings(Duration.ofDays(7)).orElseThrow();
        assertThat(zookeeper.connect()).isEqualTo("zk1:2181,zk2:2181");
        assertThat(zookeeper.path()).isEqualTo("/gridgate");
        assertThat(zookeeper.rotateEvery()).isEqualTo(Duration.ofHours(12));
        assertThat(zookeeper.signingDelay()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.proxyProtocolFrom().admits(InetAddress.getByName("10.0.0.5"))).isTrue();
        assertThat(config.proxyProtocolFrom().admits(InetAddress.getByName("10.0.1.77"))).isTrue();
        assertThat(config.proxyProtocolFrom().admits(InetAddress.getByName("10.0.0.6"))).isFalse();
        assertThat(GatewayConfig.load(readmeExample()).zookeeperSettings(Duration.ofDays(7))).isEmpty();
        assertThat(GatewayConfig.load(readmeExample()).proxyProtocolFrom().isEmpty()).isTrue();
    }

    @Test
    void aBadBalancerAddressOrZooKeeperSectionIsNamed() throws Exception {
        assertThatThrownBy(() -> GatewayConfig.load(exampleWith(
                "listen: {port: 8443, proxy-protocol-from: [10.0.0.5/16]}", "")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("listen.proxy-protocol-from");
        assertThatThrownBy(() -> GatewayConfig.load(exampleWith(null, "zookeeper: {connect: zk1:2181, path: x}\n")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("zookeeper.path");
    }
}
