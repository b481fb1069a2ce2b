package org.gridgate.caveat;

import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Macaroon root keys, each with a public id that is the macaroon identifier (as dCache: eight base64 characters
 * derived from the key). New macaroons are signed with the newest key; older keys keep verifying until retired.
 * Kept in a file readable by the owner only; key material is never logged or printed.
 *
 * <p>Thread-safe: readers see an immutable snapshot; changes are written to the file before they take effect.
 * Another process changing the file (for example the CLI rotating keys) is seen after {@link #reload()}.
 */
public final class SecretStore {
    private static final Logger LOG = LoggerFactory.getLogger(SecretStore.class);

    private final SecretFile file;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private volatile SecretRing ring;

    private SecretStore(SecretFile file, Clock clock, SecretRing ring) {
        this.file = file;
        this.clock = clock;
        this.ring = ring;
    }

    /** Opens the store in {@code file}, creating it (owner-only permissions) with one fresh key if absent. */
    public static SecretStore openOrCreate(Path file, Clock clock) throws IOException {
        SecretFile secretFile = new SecretFile(file);
        if (secretFile.exists()) {
            return new SecretStore(secretFile, clock, secretFile.read());
        }
        SecretStore store = new SecretStore(secretFile, clock, null);
        SecretRing first = new SecretRing(List.of(IdentifiedSecret.generate(store.random, clock.instant())),
                Map.of());
        secretFile.write(first);
        store.ring = first;
        LOG.info("Created macaroon secrets file {} with secret {}", secretFile.path(), first.current().id());
        return store;
    }

    /** The id of the key that signs new macaroons. */
    public String currentId() {
        return ring.current().id();
    }

    /** The ids of the keys that still verify, oldest first. */
    public List<String> activeIds() {
        return ring.active().stream().map(IdentifiedSecret::id).toList();
    }

    /** When each key that still verifies was made, by id, oldest first; the last one signs. */
    public Map<String, Instant> activeSince() {
        Map<String, Instant> since = new LinkedHashMap<>();
        for (IdentifiedSecret secret : ring.active()) {
            since.put(secret.id(), secret.created());
        }
        return since;
    }

    /** Creates a new key that signs from now on; older keys keep verifying. Returns its id. */
    public synchronized String rotate() throws IOException {
        SecretRing current = ring;
        IdentifiedSecret fresh;
        do {
            fresh = IdentifiedSecret.generate(random, clock.instant());
        } while (current.knows(fresh.id()));
        SecretRing next = current.with(fresh);
        file.write(next);
        ring = next;
        LOG.info("Rotated macaroon secrets: {} now signs new macaroons", fresh.id());
        return fresh.id();
    }

    /**
     * Stops {@code id} verifying: every macaroon it signed is refused from now on. Its key bytes are erased from
     * the file.
     *
     * @throws IllegalArgumentException if no active key has that id
     * @throws IllegalStateException    if it is the only active key (rotate first)
     */
    public synchronized void retire(String id) throws IOException {
        SecretRing next = ring.retiring(id, clock.instant());
        file.write(next);
        ring = next;
        LOG.info("Retired macaroon secret {}", id);
    }

    /**
     * Re-reads the file, for changes made by another process. A change (a rotation, a retirement) is logged, so that
     * every door sharing the file says when it picked it up; the same words are returned, empty if nothing changed.
     */
    public synchronized Optional<String> reload() throws IOException {
        SecretRing before = ring;
        SecretRing after = file.read();
        ring = after;
        Optional<String> change = change(before, after);
        change.ifPresent(text -> LOG.info("Macaroon secrets file {} changed: {}", file.path(), text));
        return change;
    }

    private static Optional<String> change(SecretRing before, SecretRing after) {
        List<String> parts = new java.util.ArrayList<>();
        if (!before.current().id().equals(after.current().id())) {
            parts.add(after.current().id() + " now signs new macaroons (was " + before.current().id() + ")");
        }
        List<String> added = after.active().stream().map(IdentifiedSecret::id)
                .filter(id -> before.find(id).isEmpty() && !id.equals(after.current().id())).toList();
        if (!added.isEmpty()) {
            parts.add("new verifying secret(s) " + String.join(" ", added));
        }
        List<String> retired = after.retired().keySet().stream().filter(id -> !before.isRetired(id)).toList();
        if (!retired.isEmpty()) {
            parts.add("retired " + String.join(" ", retired) + ": macaroons they signed are refused from now on");
        }
        return parts.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", parts));
    }

    IdentifiedSecret current() {
        return ring.current();
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
        return "SecretStore[" + file.path() + ", current=" + snapshot.current().id() + ", active="
                + snapshot.active().size() + ", retired=" + snapshot.retired().size() + "]";
    }
}
