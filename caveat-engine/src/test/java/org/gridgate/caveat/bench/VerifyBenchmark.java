package org.gridgate.caveat.bench;

import com.github.nitram509.jmacaroons.Macaroon;
import com.github.nitram509.jmacaroons.MacaroonsSerializer;
import com.github.nitram509.jmacaroons.MacaroonsVerifier;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.gridgate.caveat.Activity;
import org.gridgate.caveat.BenchSupport;
import org.gridgate.caveat.InvalidMacaroonException;
import org.gridgate.caveat.MacaroonIssuer;
import org.gridgate.caveat.MacaroonRequest;
import org.gridgate.caveat.MacaroonRights;
import org.gridgate.caveat.MacaroonVerifier;
import org.gridgate.caveat.PolicyRule;
import org.gridgate.caveat.Requester;
import org.gridgate.caveat.SecretStore;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * What a request pays for its macaroon: our full verify (decode, secret lookup, HMAC chain, caveat fold with the
 * ip check) plus one {@code permits}, against jmacaroons alone (decode + HMAC chain, every caveat accepted) on
 * the same six-caveat token minted by the issuer: iid, id, before, path, activity, ip.
 *
 * <p>The same token again and again, as a job presents it for each file: {@code verifyAndAuthorize} without the
 * verifier's cache, {@code verifyAndAuthorizeCached} with it (digest, lookup, expiry, secret and ip checks), and
 * {@code refoldAndAuthorize} the design not taken: keeping the decoded caveats and folding them again per request.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class VerifyBenchmark {
    private Path directory;
    private MacaroonVerifier verifier;
    private MacaroonVerifier cachedVerifier;
    private List<String> caveats;
    private String token;
    private byte[] key;
    private InetAddress client;

    @Setup
    public void mint() throws Exception {
        directory = Files.createTempDirectory("verify-benchmark");
        SecretStore store = SecretStore.openOrCreate(directory.resolve("secrets"), Clock.systemUTC());
        PolicyRule rule = new PolicyRule("bench", EnumSet.of(Activity.UPLOAD, Activity.DOWNLOAD),
                List.of("/data"), Duration.ofDays(7), Duration.ofDays(1), List.of());
        MacaroonIssuer issuer = new MacaroonIssuer(store, requester -> Optional.of(rule), Clock.systemUTC(),
                Duration.ofDays(1), Duration.ofDays(7));
        Requester requester = new Requester("/DC=org/CN=Bench", List.of(), Optional.of("bench"),
                Optional.of("1000;1000;bench"));
        token = issuer.issue(requester, "/data/atlas/run1", new MacaroonRequest(
                List.of("activity:UPLOAD", "ip:192.0.2.0/24"), Optional.of("PT24H"))).serialized();
        verifier = new MacaroonVerifier(store, Clock.systemUTC(), 0);
        cachedVerifier = new MacaroonVerifier(store, Clock.systemUTC());
        caveats = BenchSupport.caveatsOf(token);
        key = BenchSupport.currentKey(store);
        client = InetAddress.getByName("192.0.2.10");
        if (!verifyAndAuthorize() || !verifyAndAuthorizeCached() || !refoldAndAuthorize() || !bareJmacaroons()) {
            throw new IllegalStateException("the benchmark token must verify");
        }
    }

    @TearDown
    public void deleteSecrets() throws IOException {
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }

    @Benchmark
    public boolean verifyAndAuthorize() throws InvalidMacaroonException {
        MacaroonRights rights = verifier.verify(token, client);
        return rights.permits(Activity.UPLOAD, "/data/atlas/run1/file.root");
    }

    @Benchmark
    public boolean verifyAndAuthorizeCached() throws InvalidMacaroonException {
        MacaroonRights rights = cachedVerifier.verify(token, client);
        return rights.permits(Activity.UPLOAD, "/data/atlas/run1/file.root");
    }

    @Benchmark
    public boolean refoldAndAuthorize() throws InvalidMacaroonException {
        MacaroonRights rights = BenchSupport.fold(caveats, Instant.now(), client);
        return rights.permits(Activity.UPLOAD, "/data/atlas/run1/file.root");
    }

    @Benchmark
    public boolean bareJmacaroons() {
        Macaroon macaroon = MacaroonsSerializer.V1.deserialize(token);
        return new MacaroonsVerifier(macaroon).satisfyGeneral(caveat -> true).isValid(key);
    }
}
