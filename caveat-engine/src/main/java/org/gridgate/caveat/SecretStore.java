package org.gridgate.caveat;

import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Macaroon root keys, each with a public id that is the macaroon identifier (as dCache: eight base64 characters
 * derived from the key). New macaroons are signed with the newest key that may sign; older keys keep verifying until
 * retired. A key added by a rotation may verify before it may sign ({@link #rotate(Duration)}), so every door that
 * shares the keys knows it before any door's macaroons need it. Key material is never logged or printed.
 *
 * <p>The keys live either in a file readable by the owner only ({@link #openOrCreate}), or with whoever shares them
 * among doors ({@link #held}: the store keeps them in memory only and is told of changes by {@link #adopt}).
 *
 * <p>Thread-safe: readers see an immutable snapshot. A file store makes each change under the file's lock, on the
 * file as it is then, and writes it before it takes effect; another process changing the file (the CLI rotating
 * keys, another door) is seen after {@link #reload()}, which logs what changed.
 */
public final class SecretStore {
    private static final Logger LOG = LoggerFactory.getLogger(SecretStore.class);

    private final Optional<SecretFile> file;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private volatile SecretRing ring;
    /** The id last logged as signing, so a switch is logged once. */
    private String loggedSigning;

    private SecretStore(Optional<SecretFile> file, Clock clock, SecretRing ring) {
        this.file = file;
        this.clock = clock;
        this.ring = ring;
        this.loggedSigning = ring.current(clock.instant()).id();
    }

    /**
     * Opens the store in {@code file}, creating it (owner-only permissions) with one fresh key if absent. Doors
     * starting at once on an absent file agree on one key: the file is created under a lock and linked into place
     * only if no other process made it first, in which case its key is used.
     */
    public static SecretStore openOrCreate(Path file, Clock clock) throws IOException {
        SecretFile secretFile = new SecretFile(file);
        if (secretFile.exists()) {
            return new SecretStore(Optional.of(secretFile), clock, secretFile.read());
        }
        try (SecretFile.Lock lock = secretFile.lock()) {
            if (!secretFile.exists()) {
                SecretRing first = new SecretRing(List.of(IdentifiedSecret.generate(new SecureRandom(),
                        clock.instant())), Map.of());
                if (secretFile.createIfAbsent(first)) {
                    LOG.info("Created macaroon secrets file {} with secret {}", secretFile.path(),
                            first.current(clock.instant()).id());
                    return new SecretStore(Optional.of(secretFile), clock, first);
                }
            }
            return new SecretStore(Optional.of(secretFile), clock, secretFile.read());
        }
    }

    /**
     * A store that keeps {@code active} (at least one) in memory only, for secrets shared by other means: it never
     * writes them anywhere. Changes come through {@link #adopt}; {@link #rotate} and {@link #retire} are refused.
     */
    public static SecretStore held(List<SharedSecret> active, Map<String, Instant> retired, Clock clock) {
        return new SecretStore(Optional.empty(), clock, ring(active, retired));
    }

    private static SecretRing ring(List<SharedSecret> active, Map<String, Instant> retired) {
        return new SecretRing(active.stream().map(SharedSecret::secret).toList(), retired);
    }

    /** The id of the key that signs new macaroons now. */
    public String currentId() {
        return current().id();
    }

    /** The ids of the keys that still verify, oldest first (a key that may not sign yet among them). */
    public List<String> activeIds() {
        return ring.active().stream().map(IdentifiedSecret::id).toList();
    }

    /** When the active key {@code id} may sign (it verifies already); empty if no active key has that id. */
    public Optional<Instant> signsFrom(String id) {
        return ring.find(id).map(IdentifiedSecret::signsFrom);
    }

    /** When each key that still verifies was made, by id, oldest first. */
    public Map<String, Instant> activeSince() {
        Map<String, Instant> since = new LinkedHashMap<>();
        for (IdentifiedSecret secret : ring.active()) {
            since.put(secret.id(), secret.created());
        }
        return since;
    }

    /** Creates a new key that signs from now on; older keys keep verifying. Returns its id. */
    public String rotate() throws IOException {
        return rotate(Duration.ZERO);
    }

    /**
     * Creates a new key that verifies at once and signs after {@code pending}; older keys keep verifying, and the
     * newest of them signs meanwhile. Doors sharing the file re-read it at an interval: with {@code pending} at
     * least that long, every door verifies the key before any door signs with it. Returns its id.
     */
    public synchronized String rotate(Duration pending) throws IOException {
        SecretFile secretFile = writable();
        try (SecretFile.Lock lock = secretFile.lock()) {
            SecretRing current = secretFile.read();
            Instant now = clock.instant();
            IdentifiedSecret fresh;
            do {
                fresh = IdentifiedSecret.generate(random, now, now.plus(pending));
            } while (current.knows(fresh.id()));
            SecretRing next = current.with(fresh);
            secretFile.write(next);
            ring = next;
            LOG.info("Rotated macaroon secrets: {} verifies now and signs new macaroons from {}", fresh.id(),
                    fresh.signsFrom());
            return fresh.id();
        }
    }

    /**
     * Stops {@code id} verifying: every macaroon it signed is refused from now on. Its key bytes are erased from
     * the file.
     *
     * @throws IllegalArgumentException if no active key has that id
     * @throws IllegalStateException    if it is the only active key (rotate first)
     */
    public synchronized void retire(String id) throws IOException {
        SecretFile secretFile = writable();
        try (SecretFile.Lock lock = secretFile.lock()) {
            SecretRing next = secretFile.read().retiring(id, clock.instant());
            secretFile.write(next);
            ring = next;
            LOG.info("Retired macaroon secret {}", id);
        }
    }

    private SecretFile writable() {
        return file.orElseThrow(() -> new IllegalStateException(
                "these macaroon secrets are shared by the doors; change them where they are shared"));
    }

    /**
     * Re-reads the file, for changes made by another process. A change (a rotation, a retirement) is logged, so that
     * every door sharing the file says when it picked it up; the same words are returned, empty if nothing changed.
     */
    public synchronized Optional<String> reload() throws IOException {
        if (file.isEmpty()) {
            return Optional.empty();
        }
        return replace(file.get().read());
    }

    /**
     * Takes {@code active} (at least one) and {@code retired} as the secrets from now on, in a store made by
     * {@link #held}, and logs what changed.
     */
    public synchronized void adopt(List<SharedSecret> active, Map<String, Instant> retired) {
        if (file.isPresent()) {
            throw new IllegalStateException("this store's secrets are in " + file.get().path());
        }
        replace(ring(active, retired));
    }

    /** The secrets as they are now, for sharing. */
    public List<SharedSecret> shared() {
        return ring.active().stream().map(SharedSecret::new).toList();
    }

    /** Logs the switch of signing key if it happened since the last call (or reload); for a periodic task. */
    public synchronized void logSigningSwitch() {
        String signing = currentId();
        if (!signing.equals(loggedSigning)) {
            LOG.info("Macaroon secret {} now signs new macaroons", signing);
            loggedSigning = signing;
        }
    }

    private Optional<String> replace(SecretRing next) {
        SecretRing before = ring;
        ring = next;
        Optional<String> change = change(before, next, clock.instant());
        change.ifPresent(text -> LOG.info("Macaroon secrets {} changed: {}",
                file.map(f -> "file " + f.path()).orElse("shared by the doors"), text));
        loggedSigning = currentId();
        return change;
    }

    private static Optional<String> change(SecretRing before, SecretRing after, Instant now) {
        List<String> parts = new ArrayList<>();
        String was = before.current(now).id();
        String signing = after.current(now).id();
        if (!was.equals(signing)) {
            parts.add(signing + " now signs new macaroons (was " + was + ")");
        }
        List<IdentifiedSecret> added = after.active().stream()
                .filter(s -> before.find(s.id()).isEmpty() && !s.id().equals(signing)).toList();
        if (!added.isEmpty()) {
            parts.add("new verifying secret(s) " + String.join(" ", added.stream().map(IdentifiedSecret::id).toList()));
            added.stream().filter(s -> s.signsFrom().isAfter(now))
                    .forEach(s -> parts.add(s.id() + " signs new macaroons from " + s.signsFrom()));
        }
        List<String> retired = after.retired().keySet().stream().filter(id -> !before.isRetired(id)).toList();
        if (!retired.isEmpty()) {
            parts.add("retired " + String.join(" ", retired) + ": macaroons they signed are refused from now on");
        }
        List<String> gone = before.active().stream().map(IdentifiedSecret::id)
                .filter(id -> after.find(id).isEmpty() && !after.isRetired(id)).toList();
        if (!gone.isEmpty()) {
            parts.add("gone " + String.join(" ", gone) + ": macaroons they signed are refused from now on");
        }
        return parts.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", parts));
    }

    IdentifiedSecret current() {
        return ring.current(clock.instant());
    }

    Optional<IdentifiedSecret> find(String id) {
        return ring.find(id);
    }

    boolean isRetired(String id) {
        return ring.isRetired(id);
    }

    @Override
    public String toString() {
        SecretRing snapshot = ring;
        return "SecretStore[" + file.map(f -> f.path().toString()).orElse("shared") + ", current="
                + snapshot.current(clock.instant()).id() + ", active=" + snapshot.active().size() + ", retired="
                + snapshot.retired().size() + "]";
    }
}
