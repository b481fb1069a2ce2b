package org.gridgate.gateway.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.gridgate.gateway.authz.AnonymousAccess;
import org.gridgate.gateway.authz.LimitedProxyPolicy;
import org.gridgate.gateway.server.TlsSettings;
import org.gridgate.storage.ChecksumAlgorithm;
import org.gridgate.gateway.token.KeyFetching;
import org.gridgate.gateway.token.TokenIssuer;
import org.gridgate.gateway.tpc.RemotePolicy;

/**
 * The door's configuration file ({@code serve --config FILE}), YAML with kebab-case keys. Unknown keys are errors,
 * so a typo never silently falls back to a default. See README.md for an annotated example.
 */
public record GatewayConfig(Listen listen, Tls tls, Grid grid, StorageConfig storage, Macaroons macaroons,
                            Path policy, Optional<Listen> metrics,
                            Optional<List<AnonymousAccess.Area>> anonymousAccess,
                            Optional<ThirdPartyCopyConfig> thirdPartyCopy, Optional<Tokens> tokens) {

    public record Listen(String host, int port) {
    }

    public record Tls(Path certificate, Path key, TlsSettings.Provider provider) {
    }

    /**
     * @param limitedProxies what limited proxies may do; default {@code download-only}
     */
    public record Grid(Path caDirectory, Optional<Path> vomsDirectory, Optional<Path> gridMapfile,
                       Optional<Path> voRoleMapfile, Optional<LimitedProxyPolicy> limitedProxies) {
    }

    /**
     * @param checksums computed while every file is written, besides those a client's {@code Digest} or
     *                  {@code Want-Digest} asks for: {@code adler32} (always computed), {@code md5},
     *                  {@code sha-256}; default adler32 only
     */
    public record StorageConfig(Path root, Optional<List<String>> checksums) {
    }

    public record Macaroons(Path secretFile, Optional<Duration> defaultLifetime, Optional<Duration> maxLifetime) {
    }

    /**
     * Which remote endpoints third-party copies may reach; see {@link RemotePolicy}.
     *
     * @param enabled {@code false} refuses every third-party copy; default {@code true}
     * @param allow   hosts and ranges a copy may reach although the defaults deny them (loopback, private, ...)
     * @param deny    hosts and ranges a copy may never reach, even if {@code allow} lists them too
     */
    public record ThirdPartyCopyConfig(Optional<Boolean> enabled, Optional<List<String>> allow,
                                       Optional<List<String>> deny) {
    }

    /**
     * WLCG bearer tokens (JWTs): the issuers trusted, and how their keys are fetched.
     *
     * @param keyRefresh        how long a key set is used before it is fetched again (ahead of time); default PT1H
     * @param outageTolerance   how long the last good key set is used while an issuer is down; default P2D
     * @param unknownKeyRefetch the least time between fetches caused by tokens naming an unknown key; default PT1M
     * @param fetchTimeout      connect and read timeout of a fetch; a request waits at most twice this plus a
     *                          second for keys; default PT2S
     */
    public record Tokens(List<Issuer> issuers, Optional<Duration> keyRefresh, Optional<Duration> outageTolerance,
                         Optional<Duration> unknownKeyRefetch, Optional<Duration> fetchTimeout) {
    }

    /**
     * One token issuer; see {@link TokenIssuer}.
     *
     * @param issuer           its URL exactly as in the tokens' {@code iss}
     * @param jwksUri          its key set; default: found by OpenID discovery
     * @param audiences        this door's audiences; {@code https://wlcg.cern.ch/jwt/v1/any} is always accepted
     * @param audienceRequired default {@code true}: a token without {@code aud} is refused
     * @param basePath         the storage path scope paths are relative to; default {@code /}
     * @param leeway           clock skew allowed; default PT60S
     */
    public record Issuer(String issuer, Optional<URI> jwksUri, Optional<List<String>> audiences,
                         Optional<Boolean> audienceRequired, Optional<String> basePath, Optional<Duration> leeway) {
    }

    public static GatewayConfig load(Path file) throws ConfigException {
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory())
                .setPropertyNamingStrategy(PropertyNamingStrategies.KEBAB_CASE)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .configure(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS, true)
                .registerModule(new Jdk8Module())
                .registerModule(new JavaTimeModule());
        GatewayConfig config;
        try {
            config = yaml.readValue(file.toFile(), GatewayConfig.class);
        } catch (UnrecognizedPropertyException e) {
            throw new ConfigException("Cannot read configuration " + file + ": unknown key '" + keyOf(e) + "'", e);
        } catch (JsonMappingException e) {
            throw new ConfigException("Cannot read configuration " + file + ": " + keyOf(e) + ": "
                    + firstLine(e.getOriginalMessage()), e);
        } catch (JsonProcessingException e) {
            throw new ConfigException("Cannot read configuration " + file + lineOf(e) + ": "
                    + firstLine(e.getOriginalMessage()), e);
        } catch (IOException e) {
            throw new ConfigException("Cannot read configuration " + file + ": " + e.getMessage(), e);
        }
        config.check(file);
        return config;
    }

    // Jackson's messages span several lines. A value that does not fit is named by its key, not by a line: after a
    // trailing comment the parser already stands on the next line.

    private static String lineOf(JsonProcessingException e) {
        return e.getLocation() == null || e.getLocation().getLineNr() < 1 ? ""
                : " line " + e.getLocation().getLineNr();
    }

    /** The key as written in the file, dotted: {@code tls.provider}, {@code anonymous-access[0].path}. */
    private static String keyOf(JsonMappingException e) {
        StringBuilder key = new StringBuilder();
        for (JsonMappingException.Reference step : e.getPath()) {
            if (step.getFieldName() != null) {
                key.append(key.isEmpty() ? "" : ".").append(step.getFieldName());
            } else if (step.getIndex() >= 0) {
                key.append('[').append(step.getIndex()).append(']');
            }
        }
        return key.toString();
    }

    private static String firstLine(String message) {
        return message == null ? "" : message.lines().findFirst().orElse("");
    }

    private void check(Path file) throws ConfigException {
        require(listen != null && listen.port() > 0 && listen.port() < 65536, file, "listen.port (1-65535)");
        require(tls != null && tls.certificate() != null && tls.key() != null, file, "tls.certificate and tls.key");
        require(grid != null && grid.caDirectory() != null, file, "grid.ca-directory");
        require(storage != null && storage.root() != null, file, "storage.root");
        checkChecksumNames(file);
        require(macaroons != null && macaroons.secretFile() != null, file, "macaroons.secret-file");
        require(policy != null, file, "policy");
        for (AnonymousAccess.Area area : anonymousAreas().areas()) {
            require(area.path() != null && area.path().startsWith("/") && !area.path().contains("..")
                    && !area.activities().isEmpty(), file, "anonymous-access entry (absolute path, activities)");
        }
        try {
            remotePolicy();
        } catch (IllegalArgumentException e) {
            throw new ConfigException(file + ": third-party-copy." + e.getMessage(), e);
        }
        checkTokens(file);
    }

    private void checkTokens(Path file) throws ConfigException {
        Set<String> seen = new java.util.HashSet<>();
        for (TokenIssuer issuer : tokenIssuers()) {
            require(issuer.issuer() != null && issuer.issuer().startsWith("https://") && seen.add(issuer.issuer()),
                    file, "tokens.issuers entry: issuer (an https URL, each once)");
            require(issuer.jwksUri().map(uri -> "https".equals(uri.getScheme())).orElse(true), file,
                    "tokens.issuers entry: jwks-uri (an https URL)");
            require(issuer.basePath().startsWith("/") && !issuer.basePath().contains(".."), file,
                    "tokens.issuers entry: base-path (absolute)");
            require(!issuer.leeway().isNegative() && issuer.leeway().compareTo(Duration.ofMinutes(5)) <= 0, file,
                    "tokens.issuers entry: leeway (PT0S to PT5M)");
        }
        try {
            keyFetching();
        } catch (IllegalArgumentException e) {
            throw new ConfigException(file + ": tokens: " + e.getMessage(), e);
        }
    }

    /** The configured WLCG token issuers; none unless configured. */
    public List<TokenIssuer> tokenIssuers() {
        Optional<Tokens> configured = tokens == null ? Optional.empty() : tokens;
        if (configured.isEmpty() || configured.get().issuers() == null) {
            return List.of();
        }
        List<TokenIssuer> issuers = new java.util.ArrayList<>();
        for (Issuer issuer : configured.get().issuers()) {
            if (issuer == null) {
                continue;
            }
            issuers.add(new TokenIssuer(issuer.issuer(),
                    issuer.jwksUri() == null ? Optional.empty() : issuer.jwksUri(),
                    Set.copyOf(orDefault(issuer.audiences(), List.of())),
                    orDefault(issuer.audienceRequired(), true), orDefault(issuer.basePath(), "/"),
                    orDefault(issuer.leeway(), TokenIssuer.DEFAULT_LEEWAY)));
        }
        return issuers;
    }

    /** How token issuers' keys are fetched and kept. */
    public KeyFetching keyFetching() {
        KeyFetching defaults = KeyFetching.defaults();
        Optional<Tokens> configured = tokens == null ? Optional.empty() : tokens;
        if (configured.isEmpty()) {
            return defaults;
        }
        Tokens t = configured.get();
        Duration timeout = orDefault(t.fetchTimeout(), defaults.httpTimeout());
        return new KeyFetching(orDefault(t.keyRefresh(), defaults.refresh()),
                orDefault(t.outageTolerance(), defaults.outageTolerance()),
                orDefault(t.unknownKeyRefetch(), defaults.refetchInterval()), timeout,
                timeout.multipliedBy(2).plusSeconds(1));
    }

    private static void require(boolean present, Path file, String what) throws ConfigException {
        if (!present) {
            throw new ConfigException(file + ": missing or invalid " + what);
        }
    }

    public String host() {
        return listen.host() == null ? "0.0.0.0" : listen.host();
    }

    /** Where clients without credentials may act; none unless configured. */
    public AnonymousAccess anonymousAreas() {
        return new AnonymousAccess(anonymousAccess == null ? List.of() : anonymousAccess.orElse(List.of()));
    }

    /** {@code storage.checksums}: adler32 and whatever else the site lists (names checked when loaded). */
    public Set<ChecksumAlgorithm> checksumsForEveryFile() {
        Set<ChecksumAlgorithm> algorithms = EnumSet.of(ChecksumAlgorithm.ADLER32);
        checksumNames().forEach(name -> algorithms.add(ChecksumAlgorithm.named(name).orElseThrow()));
        return Collections.unmodifiableSet(algorithms);
    }

    private void checkChecksumNames(Path file) throws ConfigException {
        for (String name : checksumNames()) {
            if (name == null || ChecksumAlgorithm.named(name).isEmpty()) {
                throw new ConfigException(file + ": storage.checksums: unknown algorithm \"" + name + "\"; known: "
                        + Arrays.stream(ChecksumAlgorithm.values()).map(ChecksumAlgorithm::digestName)
                        .collect(Collectors.joining(", ")));
            }
        }
    }

    private List<String> checksumNames() {
        return storage.checksums() == null ? List.of() : storage.checksums().orElse(List.of());
    }

    public LimitedProxyPolicy limitedProxies() {
        return grid.limitedProxies() == null ? LimitedProxyPolicy.DOWNLOAD_ONLY
                : grid.limitedProxies().orElse(LimitedProxyPolicy.DOWNLOAD_ONLY);
    }

    /** Where third-party copies may go: the defaults (public addresses of other hosts) unless configured. */
    public RemotePolicy remotePolicy() {
        Optional<ThirdPartyCopyConfig> configured = thirdPartyCopy == null ? Optional.empty() : thirdPartyCopy;
        if (configured.isEmpty()) {
            return RemotePolicy.defaults();
        }
        ThirdPartyCopyConfig tpc = configured.get();
        return RemotePolicy.of(orDefault(tpc.enabled(), true), orDefault(tpc.allow(), List.of()),
                orDefault(tpc.deny(), List.of()));
    }

    /** An optional key that is absent may reach a record as null rather than empty. */
    private static <T> T orDefault(Optional<T> value, T fallback) {
        return value == null ? fallback : value.orElse(fallback);
    }

    public TlsSettings.Provider tlsProvider() {
        return tls.provider() == null ? TlsSettings.Provider.AUTO : tls.provider();
    }
}
