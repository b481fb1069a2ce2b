package org.gridgate.caveat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.gridgate.caveat.Fixtures.CLIENT;
import static org.gridgate.caveat.Fixtures.IN_ONE_HOUR;

import com.github.nitram509.jmacaroons.CaveatPacket;
import com.github.nitram509.jmacaroons.MacaroonsSerializer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.lifecycle.AfterProperty;
import net.jqwik.api.lifecycle.BeforeProperty;

/** Properties of the fold over many random macaroons, with real secrets and real HMACs. */
class RightsPropertiesTest {
    private static final List<String> SEGMENTS = List.of("a", "b", "ab", "c", "é");
    private static final List<String> TRICKY_SEGMENTS = List.of("..", ".", "", "alice", "alicex", "%2e%2e",
            "..%2f", "%2F", "bob", "data", "ä", "\u202e", "…", " ", "..." );
    private static final Set<Activity> ANCESTOR_ACTIVITIES = EnumSet.of(Activity.LIST, Activity.READ_METADATA);

    private Path directory;
    private SecretStore store;
    private MacaroonVerifier verifier;

    record Request(Activity activity, String storagePath) {
    }

    @BeforeProperty
    void openStore() throws IOException {
        directory = Files.createTempDirectory("caveat-properties");
        store = Fixtures.store(directory);
        verifier = new MacaroonVerifier(store, Fixtures.CLOCK);
    }

    @AfterProperty
    void deleteStore() throws IOException {
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }

    private Optional<MacaroonRights> verifyOrEmpty(String token) {
        try {
            return Optional.of(verifier.verify(token, CLIENT));
        } catch (InvalidMacaroonException e) {
            return Optional.empty();
        }
    }

    // (a) attenuation never widens

    @Property(tries = 400)
    void appendingCaveatsNeverWidensRights(@ForAll("attenuatingChains") List<String> chain,
                                           @ForAll("requests") List<Request> requests) {
        String token = Fixtures.mint(store, IN_ONE_HOUR);
        Optional<MacaroonRights> before = verifyOrEmpty(token);
        for (String caveat : chain) {
            token = Fixtures.append(token, caveat);
            Optional<MacaroonRights> after = verifyOrEmpty(token);
            Statistics.label("step verifies").collect(after.isPresent());
            if (after.isPresent()) {
                assertThat(before).as("a refused macaroon stays refused").isPresent();
                assertNarrower(after.get(), before.get(), requests);
            }
            before = after;
        }
    }

    private static void assertNarrower(MacaroonRights after, MacaroonRights before, List<Request> requests) {
        for (Request request : requests) {
            if (after.permits(request.activity(), request.storagePath())) {
                assertThat(before.permits(request.activity(), request.storagePath()))
                        .as("%s on %s", request.activity(), request.storagePath()).isTrue();
            }
        }
        assertThat(before.activities()).containsAll(after.activities());
        assertThat(after.expiry()).isBeforeOrEqualTo(before.expiry());
        if (before.maxUpload().isPresent()) {
            assertThat(after.maxUpload().orElseThrow()).isLessThanOrEqualTo(before.maxUpload().getAsLong());
        }
        assertThat(after.rootPath().isWithin(before.rootPath())).isTrue();
        assertThat(after.prefixPath().isWithin(before.prefixPath())).isTrue();
        assertThat(after.ipCaveats()).containsAll(before.ipCaveats());
    }

    @Provide
    Arbitrary<List<String>> attenuatingChains() {
        Arbitrary<String> path = trickyPath();
        Arbitrary<String> caveat = Arbitraries.oneOf(
                path.map(p -> "path:" + p),
                path.map(p -> "root:" + p),
                path.map(p -> "home:" + p),
                Arbitraries.subsetOf(Activity.values()).ofMinSize(1)
                        .map(set -> "activity:" + set.stream().map(Activity::name).collect(Collectors.joining(","))),
                Arbitraries.longs().between(-60, 7200)
                        .map(s -> "before:" + Fixtures.NOW.plus(Duration.ofSeconds(s))),
                Arbitraries.of("192.0.2.0/24", "192.0.2.10", "198.51.100.0/24", "2001:db8::/32", "0.0.0.0/0",
                        "192.0.2.10,198.51.100.1", "192.0.2.0/28").map(ip -> "ip:" + ip),
                Arbitraries.longs().between(1, 1_000_000).map(n -> "max-upload:" + n));
        return caveat.list().ofMinSize(1).ofMaxSize(6);
    }

    @Provide
    Arbitrary<List<Request>> requests() {
        Arbitrary<String> path = Arbitraries.of(SEGMENTS).list().ofMaxSize(4)
                .map(segments -> "/" + String.join("/", segments));
        return Combinators.combine(Arbitraries.of(Activity.class), path).as(Request::new).list().ofSize(12);
    }

    /** The door asks for the set once per request; it must say exactly what asking activity by activity says. */
    @Property(tries = 300)
    void theActivitiesAtAPathAreExactlyThoseItPermits(@ForAll("attenuatingChains") List<String> chain,
                                                      @ForAll("trickyPath") String storagePath) {
        String token = Fixtures.mint(store, IN_ONE_HOUR);
        for (String caveat : chain) {
            token = Fixtures.append(token, caveat);
        }
        Optional<MacaroonRights> rights = verifyOrEmpty(token);
        Statistics.label("verifies").collect(rights.isPresent());
        if (rights.isPresent()) {
            Set<Activity> permitted = EnumSet.noneOf(Activity.class);
            for (Activity activity : Activity.values()) {
                if (rights.get().permits(activity, storagePath)) {
                    permitted.add(activity);
                }
            }
            assertThat(rights.get().activitiesAt(storagePath)).as(storagePath).isEqualTo(permitted);
        }
    }

    // (b) no request path escapes a path or root caveat

    @Property(tries = 1000)
    void requestPathsNeverEscapeRootOrPath(@ForAll("trickyPath") String requestPath, @ForAll Activity activity)
            throws InvalidMacaroonException {
        MacaroonRights rights = verifier.verify(Fixtures.mint(store, "root:/data", "path:/alice", IN_ONE_HOUR),
                CLIENT);
        String storagePath = rights.toStoragePath(requestPath);
        StoragePath resolved = StoragePath.ifNormalised(storagePath).orElseThrow();
        assertThat(resolved.isWithin(StoragePath.resolve("/data"))).as(storagePath).isTrue();
        if (rights.permits(activity, storagePath) && !ANCESTOR_ACTIVITIES.contains(activity)) {
            assertThat(resolved.isWithin(StoragePath.resolve("/data/alice"))).as(storagePath).isTrue();
        }
    }

    @Property(tries = 1000)
    void rawStoragePathsNeverEscapeThePathCaveat(@ForAll("trickyPath") String storagePath, @ForAll Activity activity)
            throws InvalidMacaroonException {
        MacaroonRights rights = verifier.verify(Fixtures.mint(store, "path:/data/alice", IN_ONE_HOUR), CLIENT);
        if (rights.permits(activity, storagePath)) {
            StoragePath resolved = StoragePath.ifNormalised(storagePath).orElseThrow();
            StoragePath prefix = StoragePath.resolve("/data/alice");
            assertThat(resolved.isWithin(prefix)
                    || (prefix.isWithin(resolved) && ANCESTOR_ACTIVITIES.contains(activity))).as(storagePath).isTrue();
        }
    }

    @Property(tries = 500)
    void arbitraryStringsResolveBelowTheBaseOrAreRefused(@ForAll String relative) {
        StoragePath base = StoragePath.resolve("/data/alice");
        try {
            assertThat(base.chroot(relative).isWithin(base)).isTrue();
        } catch (IllegalArgumentException e) {
            assertThat(LogSafe.hasControlCharacter(relative)).isTrue();
        }
    }

    @Provide
    Arbitrary<String> trickyPath() {
        return Combinators.combine(Arbitraries.of("", "/", "//"), Arbitraries.of(TRICKY_SEGMENTS).list().ofMaxSize(8),
                Arbitraries.of("", "/"))
                .as((lead, segments, trail) -> lead + String.join("/", segments) + trail);
    }

    // tampering

    @Property(tries = 500)
    void aMutatedTokenIsRefusedOrMeansTheSame(@ForAll("mutations") Mutation mutation) {
        String genuine = Fixtures.mint(store, "iid:abcdefgh", IN_ONE_HOUR, "path:/data", "activity:DOWNLOAD");
        String mutated = mutation.apply(genuine);
        try {
            verifier.verify(mutated, CLIENT);
            // Only a change base64 ignores (the unused low bits of the last character) may verify.
            assertThat(caveatsOf(mutated)).isEqualTo(caveatsOf(genuine));
        } catch (InvalidMacaroonException e) {
            assertThat(e.clientReason()).isNotBlank();
        }
    }

    record Mutation(int position, char replacement) {
        String apply(String token) {
            int at = position % token.length();
            return token.substring(0, at) + replacement + token.substring(at + 1);
        }
    }

    @Provide
    Arbitrary<Mutation> mutations() {
        return Combinators.combine(Arbitraries.integers().between(0, 10_000),
                Arbitraries.chars().with("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_+/=!. "))
                .as(Mutation::new);
    }

    private static List<String> caveatsOf(String token) {
        return Arrays.stream(MacaroonsSerializer.V1.deserialize(token).caveatPackets)
                .map(CaveatPacket::getValueAsText).toList();
    }

    // minting round trip

    @Property(tries = 200)
    void mintedMacaroonsGrantWhatWasAskedForAndNoMore(
            @ForAll("activitySets") Set<Activity> asked, @ForAll("requests") List<Request> requests,
            @ForAll("targets") String target) throws Exception {
        PolicyRule rule = new PolicyRule("all", EnumSet.allOf(Activity.class), List.of("/"), Duration.ofDays(7),
                Duration.ofDays(1), List.of());
        MacaroonIssuer issuer = new MacaroonIssuer(store, requester -> Optional.of(rule), Fixtures.CLOCK,
                Duration.ofDays(1), Duration.ofDays(7));
        String activityCaveat = "activity:" + asked.stream().map(Activity::name).collect(Collectors.joining(","));
        MintedMacaroon minted = issuer.issue(MacaroonIssuerTest.ALICE, target,
                new MacaroonRequest(List.of(activityCaveat), Optional.of("PT1H")));
        MacaroonRights rights = verifier.verify(minted.serialized(), CLIENT);
        StoragePath prefix = StoragePath.resolve(target);
        for (Activity activity : asked) {
            assertThat(rights.permits(activity, prefix.toString())).isTrue();
        }
        for (Request request : requests) {
            if (rights.permits(request.activity(), request.storagePath())) {
                StoragePath path = StoragePath.resolve(request.storagePath());
                assertThat(asked.contains(request.activity()) || request.activity() == Activity.READ_METADATA)
                        .isTrue();
                assertThat(path.isWithin(prefix) || ANCESTOR_ACTIVITIES.contains(request.activity())).isTrue();
            }
        }
    }

    @Provide
    Arbitrary<Set<Activity>> activitySets() {
        return Arbitraries.subsetOf(Activity.values()).ofMinSize(1);
    }

    @Provide
    Arbitrary<String> targets() {
        return Arbitraries.of(SEGMENTS).list().ofMaxSize(3).map(segments -> "/" + String.join("/", segments));
    }

    @Property(tries = 100)
    void junkIsAlwaysRefusedAsMalformed(@ForAll String junk) {
        assertThatThrownBy(() -> verifier.verify(junk, CLIENT)).isInstanceOf(InvalidMacaroonException.class);
    }
}
