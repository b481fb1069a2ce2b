package org.gridgate.caveat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The secrets at one moment: active ones oldest first (the newest that may sign at a given moment signs; a newer one
 * that may not yet sign only verifies, see {@link IdentifiedSecret#signsFrom()}), and the ids of retired ones with when
 * they were retired, so a token signed by a retired key is refused with that reason rather than "unknown". Retired
 * keys keep no key bytes. Immutable: a change makes a new ring.
 */
record SecretRing(List<IdentifiedSecret> active, Map<String, Instant> retired) {
    SecretRing {
        active = List.copyOf(active);
        retired = Collections.unmodifiableMap(new LinkedHashMap<>(retired));
        if (active.isEmpty()) {
            throw new IllegalArgumentException("at least one active secret is needed to sign macaroons");
        }
    }

    /**
     * The secret that signs at {@code now}: the newest that may sign then. If none may sign yet (only possible when
     * every active secret was added as pending), the one that may sign soonest: a door must always be able to mint.
     */
    IdentifiedSecret current(Instant now) {
        for (int i = active.size() - 1; i >= 0; i--) {
            if (active.get(i).maySignAt(now)) {
                return active.get(i);
            }
        }
        IdentifiedSecret soonest = active.get(0);
        for (IdentifiedSecret secret : active) {
            if (secret.signsFrom().isBefore(soonest.signsFrom())) {
                soonest = secret;
            }
        }
        return soonest;
    }

    Optional<IdentifiedSecret> find(String id) {
        for (IdentifiedSecret secret : active) {
            if (secret.id().equals(id)) {
                return Optional.of(secret);
            }
        }
        return Optional.empty();
    }

    boolean isRetired(String id) {
        return retired.containsKey(id);
    }

    boolean knows(String id) {
        return find(id).isPresent() || isRetired(id);
    }

    SecretRing with(IdentifiedSecret newest) {
        if (knows(newest.id())) {
            throw new IllegalArgumentException("secret id " + newest.id() + " is already used");
        }
        List<IdentifiedSecret> next = new ArrayList<>(active);
        next.add(newest);
        return new SecretRing(next, retired);
    }

    SecretRing retiring(String id, Instant when) {
        if (find(id).isEmpty()) {
            throw new IllegalArgumentException("no active secret with id " + LogSafe.text(id));
        }
        if (active.size() == 1) {
            throw new IllegalStateException("cannot retire the only active secret " + id + "; rotate first");
        }
        List<IdentifiedSecret> next = new ArrayList<>(active);
        next.removeIf(s -> s.id().equals(id));
        Map<String, Instant> nextRetired = new LinkedHashMap<>(retired);
        nextRetired.put(id, when);
        return new SecretRing(next, nextRetired);
    }
}
