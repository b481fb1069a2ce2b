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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.gridgate.gateway.authz.AnonymousAccess;
import org.gridgate.gateway.cluster.ZooKeeperSettings;
import org.gridgate.gateway.authz.LimitedProxyPolicy;
import org.gridgate.gateway.server.AccessLog;
import org.gridgate.gateway.server.DoorLimits;
import org.gridgate.gateway.server.ProxyProtocolSources;
import org.gridgate.gateway.server.TlsSettings;
import org.gridgate.gateway.token.KeyFetching;
import org.gridgate.gateway.token.TokenIssuer;
import org.gridgate.gateway.tpc.RemotePolicy;
import org.gridgate.storage.ChecksumAlgorithm;

/**
 * The door's configuration file ({@code serve --config FILE}), YAML with kebab-case keys. Unknown keys are errors,
 * so a typo never silently falls back to a default. See README.md for an annotated example.
 */
public record GatewayConfig(Listen listen, Tls tls, Grid grid, StorageConfig storage, Macaroons macaroons,
                            Path policy, Optional<Listen> metrics,
                            Optional<List<AnonymousAccess.Area>> anonymousAccess,
                            Optional<ThirdPartyCopyConfig> thirdPartyCopy, Optional<Tokens> tokens,
                            Optional<AccessLogConfig> accessLog,
                            Optional<LimitsConfig> limits, Optional<ZooKeeperConfig> zookeeper) {

    /** @param format {@code text} (combined-style, the default) or {@code json}, one object per line */
    public record AccessLogConfig(Optional<AccessLog.Format> format) {
    }

    /**
     * @param proxyProtocolFrom load balancers (addresses or CIDR ranges) whose connections start with a PROXY
     *                          protocol v2 header carrying the client's address; only on the door's listener
     */
    public record Listen(String host, int port, Optional<List<String>> proxyProtocolFrom) {
    }

    /**
     * Doors that share their macaroon secrets through ZooKeeper; see {@link ZooKeeperSettings}.
     *
     * @param connect  ZooKeeper's connect string, {@code host:port[,host:port...]}
     * @param authFile {@code user:password} for ZooKeeper's digest scheme; nodes are then that user's only
     */
    public record ZooKeeperConfig(String connect, Optional<String> path, Optional<Duration> rotateEvery,
                                  Optional<Duration> signingDelay, Optional<Duration> connectTimeout,
                                  Optional<Path> authFile) {
    }

    /**
     * @param volunteers a publicly trusted certificate served to clients that ask for one of its host names (SNI)
     */
    public record Tls(Path certificate, Path key, TlsSettings.Provider provider, Optional<VolunteerTls> volunteers) {
    }

    /** See {@link TlsSettings.Volunteers}. */
    public record VolunteerTls(Path certificate, Path key, List<String> hostNames) {
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
     * What the door grants each client before cutting or refusing it; every key optional, defaults in
     * {@link DoorLimits#DEFAULTS} (README, "Limits").
     */
    public record LimitsConfig(Optional<Duration> tlsHandshakeTimeout, Optional<Duration> requestHeadTimeout,
                               Optional<Duration> idleTimeout, Optional<Long> bodyMinBytesPerSecond,
                               Optional<Duration> bodyWindow, Optional<Integer> maxConnections,
                               Optional<Integer> maxConnectionsPerAddress, Optional<Integer> authFailures,
                               Optional<Duration> authFailureWindow, Optional<Duration> authFailureBrake,
                               Optional<Integer> requestsPerSecond, Optional<Integer> addressSharePercent) {
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

    /**
     * Reads and checks the file's own content (not the files it names: {@link ConfigCheck} does that). Every
     * problem is one line naming the file, the line and the key, in {@link ConfigProblems}.
     */
    public static GatewayConfig load(Path file) throws ConfigException {
        return load(KeyLines.of(file));
    }

    static GatewayConfig load(KeyLines lines) throws ConfigProblems {
        Path file = lines.file();
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
            String key = keyOf(e);
            throw new ConfigProblems(lines.error(key, "unknown key; the keys here are: " + e.getKnownPropertyIds()
                    .stream().map(String::valueOf).sorted().collect(Collectors.joining(", "))
                    + " (README, \"Production\")"), e);
        } catch (JsonMappingException e) {
            String key = keyOf(e);
            throw new ConfigProblems(lines.error(key, ValueKinds.complaint(e)), e);
        } catch (JsonProcessingException e) {
            int line = e.getLocation() == null ? 0 : Math.max(0, e.getLocation().getLineNr());
            throw new ConfigProblems(new ConfigProblem(file, line, "", "not valid YAML: "
                    + firstLine(e.getOriginalMessage()), false), e);
        } catch (IOException e) {
            throw new ConfigProblems(new ConfigProblem(file, 0, "", "cannot read it: " + e.getMessage(), false), e);
        }
        if (config == null) {
            throw new ConfigProblems(List.of(new ConfigProblem(file, 0, "", "the file is empty; start from the "
                    + "example in README, \"Production\"", false)));
        }
        List<ConfigProblem> problems = config.check(lines);
        if (!problems.isEmpty()) {
            throw new ConfigProblems(problems);
        }
        return config;
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

    /** What the file's own content gets wrong: required keys, ranges, names. */
    private List<ConfigProblem> check(KeyLines lines) {
        List<ConfigProblem> problems = new ArrayList<>();
        if (listen == null) {
            problems.add(lines.error("listen", "missing; add listen: {host: 0.0.0.0, port: 8443}"));
        } else if (listen.port() < 1 || listen.port() > 65535) {
            problems.add(lines.error("listen.port", listen.port() + " is not a port; give one from 1 to 65535"));
        }
        if (tls == null || tls.certificate() == null) {
            problems.add(lines.error("tls.certificate", "missing; give the host certificate, e.g. "
                    + "/etc/grid-security/hostcert.pem"));
        }
        if (tls == null || tls.key() == null) {
            problems.add(lines.error("tls.key", "missing; give the host key, e.g. /etc/grid-security/hostkey.pem"));
        }
        if (tls != null && tls.volunteers() != null && tls.volunteers().isPresent()) {
            VolunteerTls volunteers = tls.volunteers().get();
            if (volunteers.certificate() == null || volunteers.key() == null || volunteers.hostNames() == null
                    || volunteers.hostNames().isEmpty()) {
                problems.add(lines.error("tls.volunteers", "give certificate, key and host-names (at least one),"
                        + " e.g. host-names: [volunteers.site.example.org]"));
            }
        }
        if (grid == null || grid.caDirectory() == null) {
            problems.add(lines.error("grid.ca-directory", "missing; give the CA directory, e.g. "
                    + "/etc/grid-security/certificates"));
        }
        if (storage == null || storage.root() == null) {
            problems.add(lines.error("storage.root", "missing; give the directory the door serves"));
        } else {
            checkChecksumNames(lines, problems);
        }
        if (macaroons == null || macaroons.secretFile() == null && (zookeeper == null || zookeeper.isEmpty())) {
            problems.add(lines.error("macaroons.secret-file", "missing; give a file for the macaroon secrets "
                    + "(created if absent), e.g. /srv/gridgate/macaroon-secrets"));
        }
        if (policy == null) {
            problems.add(lines.error("policy", "missing; give the minting policy file, e.g. "
                    + "/etc/gridgate/policy.yaml"));
        }
        List<AnonymousAccess.Area> areas = anonymousAccess == null ? List.of() : anonymousAccess.orElse(List.of());
        for (int i = 0; i < areas.size(); i++) {
            AnonymousAccess.Area area = areas.get(i);
            if (area == null || area.path() == null || !area.path().startsWith("/") || area.path().contains("..")) {
                problems.add(lines.error("anonymous-access[" + i + "].path", "give an absolute path without '..'"));
            } else if (area.activities() == null || area.activities().isEmpty()) {
                problems.add(lines.error("anonymous-access[" + i + "].activities",
                        "give at least one activity, e.g. [LIST, DOWNLOAD]"));
            }
        }
        try {
            remotePolicy();
        } catch (IllegalArgumentException e) {
            problems.add(subKeyError(lines, "third-party-copy", e.getMessage()));
        }
        checkTokens(lines, problems);
        try {
            doorLimits();
        } catch (IllegalArgumentException e) {
            String message = e.getMessage();
            int colon = message.indexOf(':');
            problems.add(lines.error("limits." + message.substring(0, colon), message.substring(colon + 1).strip()));
        }
        return problems;
    }

    /** A section's complaint "sub-key: what is wrong" as a problem at {@code section.sub-key}. */
    private static ConfigProblem subKeyError(KeyLines lines, String section, String message) {
        int colon = message.indexOf(':');
        String sub = colon > 0 && !message.substring(0, colon).contains(" ") ? message.substring(0, colon) : "";
        return lines.error(section + (sub.isEmpty() ? "" : "." + sub),
                sub.isEmpty() ? message : message.substring(colon + 1).strip());
    }

    private void checkTokens(KeyLines lines, List<ConfigProblem> problems) {
        Set<String> seen = new HashSet<>();
        List<TokenIssuer> issuers = tokenIssuers();
        for (int i = 0; i < issuers.size(); i++) {
            TokenIssuer issuer = issuers.get(i);
            String key = "tokens.issuers[" + i + "].";
            if (issuer.issuer() == null || !issuer.issuer().startsWith("https://") || !seen.add(issuer.issuer())) {
                problems.add(lines.error(key + "issuer", "give the issuer's https URL exactly as in its tokens' "
                        + "iss, each issuer once"));
            }
            if (!issuer.jwksUri().map(uri -> "https".equals(uri.getScheme())).orElse(true)) {
                problems.add(lines.error(key + "jwks-uri", "give an https URL, or leave it out for discovery"));
            }
            if (!issuer.basePath().startsWith("/") || issuer.basePath().contains("..")) {
                problems.add(lines.error(key + "base-path", "give an absolute path without '..'"));
            }
            if (issuer.leeway().isNegative() || issuer.leeway().compareTo(Duration.ofMinutes(5)) > 0) {
                problems.add(lines.error(key + "leeway", "give a duration from PT0S to PT5M"));
            }
        }
        try {
            keyFetching();
        } catch (IllegalArgumentException e) {
            problems.add(lines.error("tokens", e.getMessage()));
        }
        try {
            doorLimits();
        } catch (IllegalArgumentException e) {
            problems.add(subKeyError(lines, "limits", e.getMessage()));
        }
        try {
            zookeeperSettings(Duration.ofDays(1));
        } catch (IllegalArgumentException e) {
            problems.add(subKeyError(lines, "zookeeper", e.getMessage()));
        }
        if (listen != null) {
            try {
                proxyProtocolFrom();
            } catch (IllegalArgumentException e) {
                problems.add(lines.error("listen.proxy-protocol-from", e.getMessage()));
            }
        }
        if (metrics != null && metrics.isPresent() && metrics.get().proxyProtocolFrom() != null
                && metrics.get().proxyProtocolFrom().isPresent()) {
            problems.add(lines.error("metrics.proxy-protocol-from", "only the door's listener takes PROXY "
                    + "headers; remove it here"));
        }
    }

    /** ZooKeeper, if configured; {@code maxLifetime} is the longest a macaroon may live. */
    public Optional<ZooKeeperSettings> zookeeperSettings(Duration maxLifetime) {
        if (zookeeper == null || zookeeper.isEmpty()) {
            return Optional.empty();
        }
        ZooKeeperConfig zk = zookeeper.get();
        return Optional.of(new ZooKeeperSettings(zk.connect(),
                orDefault(zk.path(), ZooKeeperSettings.DEFAULT_PATH),
                orDefault(zk.rotateEvery(), ZooKeeperSettings.DEFAULT_ROTATION),
                orDefault(zk.signingDelay(), ZooKeeperSettings.DEFAULT_SIGNING_DELAY),
                orDefault(zk.connectTimeout(), ZooKeeperSettings.DEFAULT_CONNECT_TIMEOUT),
                maxLifetime,
                zk.authFile() == null ? Optional.empty() : zk.authFile()));
    }

    /** The load balancers allowed to send a PROXY protocol header; none unless configured. */
    public ProxyProtocolSources proxyProtocolFrom() {
        return ProxyProtocolSources.of(orDefault(listen.proxyProtocolFrom(), List.of()));
    }

    /** The configured WLCG token issuers; none unless configured. */
    public List<TokenIssuer> tokenIssuers() {
        Optional<Tokens> configured = tokens == null ? Optional.empty() : tokens;
        if (configured.isEmpty() || configured.get().issuers() == null) {
            return List.of();
        }
        List<TokenIssuer> issuers = new ArrayList<>();
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

    private void checkChecksumNames(KeyLines lines, List<ConfigProblem> problems) {
        for (String name : checksumNames()) {
            if (name == null || ChecksumAlgorithm.named(name).isEmpty()) {
                problems.add(lines.error("storage.checksums", "unknown algorithm \"" + name
                        + "\"; known: " + Arrays.stream(ChecksumAlgorithm.values())
                        .map(ChecksumAlgorithm::digestName).collect(Collectors.joining(", "))));
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

    public AccessLog.Format accessLogFormat() {
        return orDefault(orDefault(accessLog, new AccessLogConfig(Optional.empty())).format(), AccessLog.Format.TEXT);
    }

    /** {@code limits}: the defaults for every key not set. */
    public DoorLimits doorLimits() {
        DoorLimits d = DoorLimits.DEFAULTS;
        if (limits == null || limits.isEmpty()) {
            return d;
        }
        LimitsConfig l = limits.get();
        return new DoorLimits(
                orDefault(l.tlsHandshakeTimeout(), d.tlsHandshakeTimeout()),
                orDefault(l.requestHeadTimeout(), d.requestHeadTimeout()),
                orDefault(l.idleTimeout(), d.idleTimeout()),
                orDefault(l.bodyMinBytesPerSecond(), d.bodyMinBytesPerSecond()),
                orDefault(l.bodyWindow(), d.bodyWindow()),
                orDefault(l.maxConnections(), d.maxConnections()),
                orDefault(l.maxConnectionsPerAddress(), d.maxConnectionsPerAddress()),
                orDefault(l.authFailures(), d.authFailures()),
                orDefault(l.authFailureWindow(), d.authFailureWindow()),
                orDefault(l.authFailureBrake(), d.authFailureBrake()),
                orDefault(l.requestsPerSecond(), d.requestsPerSecond()),
                orDefault(l.addressSharePercent(), d.addressSharePercent()));
    }

    /** The door's TLS: the host certificate, and the volunteers' one if configured. */
    public TlsSettings tlsSettings() {
        Optional<TlsSettings.Volunteers> volunteers = tls.volunteers() == null ? Optional.empty()
                : tls.volunteers().map(v -> new TlsSettings.Volunteers(v.certificate(), v.key(), v.hostNames()));
        return new TlsSettings(tls.certificate(), tls.key(), tlsProvider(), volunteers);
    }

    public TlsSettings.Provider tlsProvider() {
        return tls.provider() == null ? TlsSettings.Provider.AUTO : tls.provider();
    }
}
