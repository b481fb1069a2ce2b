package org.gridgate.caveat;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.RandomDistribution;
import net.jqwik.api.Tuple;
import net.jqwik.api.Tuple.Tuple2;
import net.jqwik.api.lifecycle.AfterProperty;
import net.jqwik.api.lifecycle.BeforeProperty;
import net.jqwik.api.lifecycle.BeforeTry;
import net.jqwik.api.statistics.Statistics;

/**
 * A cached answer is never wider than a fresh one: for random macaroons and random requests after them (another
 * client, time passing over their expiry, their secret retired), the verifier with a cache answers exactly what a
 * verifier without one answers: the same rights, or a refusal with the same reasons. One cached verifier serves
 * every try, so entries of earlier tries (their secrets since retired, their clock since reset) stay in it.
 */
class CachedVerificationPropertiesTest {
    private static final List<String> SEGMENTS = List.of("a", "b", "data", "..", ".", "alice");
    private static final List<String> SUBNETS = List.of("192.0.2.0/24", "192.0.2.10", "198.51.100.0/24",
            "2001:db8::/32", "0.0.0.0/0", "192.0.2.10,198.51.100.1", "192.0.2.0/28", "::ffff:192.0.2.0/120");
    private static final List<String> CLIENTS = List.of("192.0.2.10", "192.0.2.200", "198.51.100.1",
            "198.51.100.7", "10.1.2.3", "2001:db8::1", "::1", "::ffff:192.0.2.10");

    private final SettableClock clock = new SettableClock(Fixtures.NOW);
    private Path directory;
    private SecretStore store;
    private MacaroonVerifier cached;
    private MacaroonVerifier fresh;

    /** One request after minting: time passes, the signing secret may be retired, some client asks. */
    record Request(Duration pause, boolean retireSigner, InetAddress client) {
    }

    /** What a verifier answered: rights or a refusal's two messages. */
    record Answer(Optional<MacaroonRights> rights, String refusal) {
        static Answer of(MacaroonVerifier verifier, String token, InetAddress client) {
            try {
                return new Answer(Optional.of(verifier.verify(token, client)), "");
            } catch (InvalidMacaroonException e) {
                return new Answer(Optional.empty(), e.getMessage() + " / " + e.clientReason());
            }
        }

        String reason() {
            return rights.isPresent() ? "granted" : refusal.substring(refusal.lastIndexOf(" / ") + 3);
        }
    }

    @BeforeProperty
    void openStore() {
        try {
            directory = Files.createTempDirectory("cached-verification");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        store = Fixtures.store(directory);
        cached = new MacaroonVerifier(store, clock);
        fresh = new MacaroonVerifier(store, clock, 0);
    }

    @BeforeTry
    void resetClock() {
        clock.set(Fixtures.NOW);
    }

    @AfterProperty
    void deleteStore() throws IOException {
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }

    @Property(tries = 600)
    void aCachedAnswerIsTheFreshAnswer(@ForAll("caveats") List<String> caveats,
                                       @ForAll("clients") InetAddress firstClient,
                                       @ForAll("requests") List<Request> requests) throws IOException {
        String signer = store.currentId();
        String token = Fixtures.mint(store, caveats.toArray(String[]::new));
        Answer first = Answer.of(cached, token, firstClient);
        assertSame(Answer.of(fresh, token, firstClient), first);
        for (Request request : requests) {
            clock.advance(request.pause());
            if (request.retireSigner() && store.activeIds().contains(signer)) {
                store.rotate();
                store.retire(signer);
            }
            Answer expected = Answer.of(fresh, token, request.client());
            Answer actual = Answer.of(cached, token, request.client());
            assertSame(expected, actual);
            Statistics.label("answer").collect(expected.reason());
            if (first.rights().isPresent()) {
                // What became of a token the cache holds: served from it (the very object), or refused for what
                // changed since. Each must happen, or this property would not be testing the cache.
                boolean fromTheCache = actual.rights().isPresent() && actual.rights().get() == first.rights().get();
                Statistics.label("after a grant").collect(fromTheCache ? "granted from the cache" : actual.reason());
            }
        }
        Statistics.label("after a grant").coverage(coverage -> {
            for (String outcome : List.of("granted from the cache", "expired", "signing secret retired",
                    "client address not allowed")) {
                coverage.check(outcome).count(n -> n > 0);
            }
        });
    }

    /** Equal rights field by field (MacaroonRights has no equals), or the same refusal to the letter. */
    private static void assertSame(Answer expected, Answer actual) {
        assertThat(actual.refusal()).isEqualTo(expected.refusal());
        assertThat(actual.rights().isPresent()).isEqualTo(expected.rights().isPresent());
        if (expected.rights().isPresent()) {
            assertThat(actual.rights().get()).usingRecursiveComparison().isEqualTo(expected.rights().get());
        }
    }

    @Provide
    Arbitrary<List<String>> caveats() {
        Arbitrary<String> path = Arbitraries.of(SEGMENTS).list().ofMinSize(1).ofMaxSize(3)
                .map(segments -> String.join("/", segments));
        Arbitrary<String> caveat = Arbitraries.frequencyOf(
                weight(3, Arbitraries.subsetOf(Activity.values()).ofMinSize(1)
                        .map(set -> "activity:" + set.stream().map(Activity::name).collect(Collectors.joining(",")))),
                weight(3, path.map(p -> "path:/" + p)),
                weight(2, path.map(p -> "root:/" + p)),
                weight(1, path.map(p -> "home:/" + p)),
                weight(3, beforeCaveat()),
                weight(3, Arbitraries.of(SUBNETS).map(ip -> "ip:" + ip)),
                weight(2, Arbitraries.longs().between(1, 1_000_000).map(n -> "max-upload:" + n)),
                weight(1, Arbitraries.of("id:1000;1000;alice", "iid:abcdefgh", "color:red", "ip:not-an-address")));
        Arbitrary<List<String>> more = caveat.list().ofMaxSize(6);
        // Mostly led by an expiry, so most tokens get past "no expiry" to where the cache matters.
        return Combinators.combine(Arbitraries.of(true, true, true, true, false), beforeCaveat(), more)
                .as((lead, before, rest) -> {
                    List<String> all = new ArrayList<>();
                    if (lead) {
                        all.add(before);
                    }
                    all.addAll(rest);
                    return all;
                });
    }

    /** Mostly in the next two hours, some in the past: requests later in the try pass some of them. */
    private static Arbitrary<String> beforeCaveat() {
        return Arbitraries.longs().between(-120, 7200).withDistribution(RandomDistribution.uniform()).edgeCases(edges -> edges.add(0L).add(1L).add(3600L))
                .map(s -> "before:" + Fixtures.NOW.plus(Duration.ofSeconds(s)));
    }

    @Provide
    Arbitrary<InetAddress> clients() {
        return Arbitraries.of(CLIENTS).map(Fixtures::address);
    }

    @Provide
    Arbitrary<List<Request>> requests() {
        Arbitrary<Duration> pause = Arbitraries.frequencyOf(
                weight(4, Arbitraries.just(Duration.ZERO)),
                weight(4, Arbitraries.longs().between(1, 900).withDistribution(RandomDistribution.uniform())
                        .map(Duration::ofSeconds)),
                weight(1, Arbitraries.of(Duration.ofHours(1), Duration.ofHours(2), Duration.ofDays(1))));
        Arbitrary<Boolean> retire = Arbitraries.frequency(Tuple.of(11, false), Tuple.of(1, true));
        return Combinators.combine(pause, retire, clients()).as(Request::new).list().ofMinSize(1).ofMaxSize(4);
    }

    private static <T> Tuple2<Integer, Arbitrary<? extends T>> weight(int weight, Arbitrary<? extends T> arbitrary) {
        return Tuple.of(weight, arbitrary);
    }
}
