package org.gridgate.caveat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Macaroons revoked before they expire: by {@code iid:} (with what was attenuated from it), by the principal they
 * were minted for, or everything minted before a time. Kept in a file beside the secrets ({@link #open}) or in a
 * store the doors share ({@link #shared}, ZooKeeper in the gateway), in the same text; a door re-reads it, and the
 * CLI adds to it. Checked on every request, cached verifications included, in a few map
 * lookups on the token's {@code iid:} (see {@link IssueId} for what the id carries).
 *
 * <p>An entry is dropped once every macaroon it covers has expired: that is known from the longest lifetime the
 * door mints ({@code maxLifetime}), so the list stays as short as the incidents of the last week.
 *
 * <p>Thread-safe: readers see an immutable snapshot.
 */
public final class Revocations {
    private static final Logger LOG = LoggerFactory.getLogger(Revocations.class);

    private final Optional<RevocationSource> source;
    private final Clock clock;
    private volatile RevocationList list;
    /** The last reason {@link #refresh} could not read the list, so that each is logged once. */
    private String problem;

    private Revocations(Optional<RevocationSource> source, Clock clock, RevocationList list) {
        this.source = source;
        this.clock = clock;
        this.list = list;
    }

    /** Nothing is ever revoked: for tools and tests that have no revocation file. */
    public static Revocations none() {
        return new Revocations(Optional.empty(), Clock.systemUTC(), RevocationList.EMPTY);
    }

    /** The list in {@code file}; an absent file is an empty list, and one created later is seen on reload. */
    public static Revocations open(Path file, Clock clock) throws IOException {
        return opened(new RevocationFile(file), clock);
    }

    /**
     * The list in a store the doors share; empty bytes are an empty list.
     *
     * @throws IOException if the store cannot be read or does not hold a revocation list
     */
    public static Revocations shared(RevocationStore store, Clock clock) throws IOException {
        return opened(new Shared(store), clock);
    }

    private static Revocations opened(RevocationSource source, Clock clock) throws IOException {
        return new Revocations(Optional.of(source), clock, source.read().live(clock.instant()));
    }

    /** Where the revocation list of the secrets in {@code secretFile} lives: beside it. */
    public static Path besideSecrets(Path secretFile) {
        return secretFile.resolveSibling(secretFile.getFileName() + ".revoked");
    }

    /**
     * Re-reads the list, for entries added by the CLI or another door's admin; logs what is new. A list that does
     * not read leaves the one held in force.
     */
    public synchronized void reload() throws IOException {
        if (source.isEmpty()) {
            return;
        }
        RevocationList before = list;
        RevocationList next = source.get().read().live(clock.instant());
        for (Revocation entry : next.entries()) {
            if (!before.entries().contains(entry)) {
                LOG.info("Revocation in force: {}", entry.describe());
            }
        }
        list = next;
    }

    /**
     * {@link #reload} for a door's periodic and change-triggered reloads: never throws. A list that cannot be read is
     * logged once for each reason (a damaged list is not repeated every few seconds) and the list held stays in force.
     */
    public synchronized void refresh() {
        try {
            reload();
            if (problem != null) {
                LOG.info("The revocation list reads again: {} in force", list.entries().size());
                problem = null;
            }
        } catch (IOException | RuntimeException e) {
            String reason = Objects.toString(e.getMessage(), e.toString());
            if (!reason.equals(problem)) {
                problem = reason;
                LOG.warn("Ignoring the revocation list as it is now, keeping the {} entries held: {}",
                        list.entries().size(), reason);
            }
        }
    }

    /** The entries in force, oldest first. */
    public List<Revocation> entries() {
        return list.entries();
    }

    /** Revokes the macaroon with this {@code iid:} and every macaroon minted from it. */
    public Revocation revokeIssueId(String issueId, Duration maxLifetime) throws IOException {
        if (issueId.isBlank() || issueId.chars().anyMatch(c -> c <= ' ' || c > '~')) {
            throw new IllegalArgumentException("an iid is printable ASCII without spaces: " + LogSafe.text(issueId));
        }
        Instant now = now();
        IssueId id = new IssueId(issueId);
        // An id of this door's shape says when its line was minted; any other may be as old as the longest life.
        Instant minted = id.issuedAt().equals(Instant.EPOCH) ? now : id.issuedAt();
        return add(new Revocation(Revocation.Kind.ISSUE_ID, issueId, now, minted.plus(maxLifetime), ""));
    }

    /** Revokes every macaroon minted up to now for {@code principal}: a DN, or a token's issuer and subject. */
    public Revocation revokePrincipal(String principal, Duration maxLifetime) throws IOException {
        if (principal.isBlank()) {
            throw new IllegalArgumentException("an empty principal");
        }
        Instant now = now();
        return add(new Revocation(Revocation.Kind.PRINCIPAL, IssueId.principalDigest(principal), now,
                now.plus(maxLifetime), principal));
    }

    /** Revokes every macaroon minted before {@code cutoff}, which must not lie in the future. */
    public Revocation revokeIssuedBefore(Instant cutoff, Duration maxLifetime) throws IOException {
        Instant now = now();
        if (cutoff.isAfter(now)) {
            throw new IllegalArgumentException("the time " + cutoff + " is in the future: that would also refuse "
                    + "macaroons not minted yet (rotate the secret for that)");
        }
        // An iid says its second, not its instant: a cutoff within a second covers the whole second, failing closed
        // rather than letting through a macaroon minted just before the cutoff.
        Instant seconds = cutoff.truncatedTo(ChronoUnit.SECONDS);
        if (seconds.isBefore(cutoff)) {
            seconds = seconds.plusSeconds(1);
        }
        return add(new Revocation(Revocation.Kind.ISSUED_BEFORE, seconds.toString(), now, seconds.plus(maxLifetime),
                ""));
    }

    /** The entry in force that refuses a macaroon with this {@code iid:} value. */
    Optional<Revocation> covering(String issueId) {
        RevocationList snapshot = list;
        if (snapshot.isEmpty()) {
            return Optional.empty();
        }
        Optional<Revocation> entry = snapshot.covering(issueId);
        // An entry past its drop time covers only expired macaroons, which fail on expiry anyway.
        return entry.filter(e -> e.dropAfter().isAfter(clock.instant()));
    }

    private synchronized Revocation add(Revocation entry) throws IOException {
        RevocationSource target = source.orElseThrow(() -> new IllegalStateException("no revocation list"));
        list = target.update(current -> current.with(entry, entry.revokedAt()));
        LOG.info("Revoked: {}", entry.describe());
        return entry;
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    @Override
    public String toString() {
        return "Revocations[" + source.map(RevocationSource::describe).orElse("none") + ", "
                + list.entries().size() + " in force]";
    }

    /** The list as text in a shared store, changed by compare-and-set on the store's bytes. */
    private record Shared(RevocationStore store) implements RevocationSource {

        @Override
        public RevocationList read() throws IOException {
            return parse(store.read());
        }

        @Override
        public RevocationList update(UnaryOperator<RevocationList> change) throws IOException {
            byte[] stored;
            try {
                stored = store.update(current -> {
                    try {
                        return RevocationText.format(change.apply(parse(current)));
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
            return parse(stored);
        }

        private RevocationList parse(byte[] bytes) throws IOException {
            return bytes == null || bytes.length == 0 ? RevocationList.EMPTY : RevocationText.parse(bytes, describe());
        }

        @Override
        public String describe() {
            return "revocation list " + store.describe();
        }
    }
}
