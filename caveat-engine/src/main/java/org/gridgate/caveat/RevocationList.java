package org.gridgate.caveat;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The revocations in force, indexed for the check every request makes: a few map lookups on the token's
 * {@code iid:}, nothing when the list is empty. Immutable.
 */
final class RevocationList {
    static final RevocationList EMPTY = new RevocationList(List.of());

    private final List<Revocation> entries;
    private final Map<String, Revocation> byIssueId = new HashMap<>();
    private final Map<String, Revocation> byPrincipal = new HashMap<>();
    private final Optional<Revocation> latestCutoff;
    private final Instant cutoff;

    RevocationList(Collection<Revocation> entries) {
        this.entries = List.copyOf(entries);
        Revocation latest = null;
        for (Revocation entry : this.entries) {
            switch (entry.kind()) {
                case ISSUE_ID -> byIssueId.putIfAbsent(entry.subject(), entry);
                case PRINCIPAL -> byPrincipal.merge(entry.subject(), entry,
                        (a, b) -> a.revokedAt().isAfter(b.revokedAt()) ? a : b);
                case ISSUED_BEFORE -> {
                    if (latest == null || cutoffOf(entry).isAfter(cutoffOf(latest))) {
                        latest = entry;
                    }
                }
            }
        }
        this.latestCutoff = Optional.ofNullable(latest);
        this.cutoff = latest == null ? Instant.MIN : cutoffOf(latest);
    }

    private static Instant cutoffOf(Revocation issuedBefore) {
        return Instant.parse(issuedBefore.subject());
    }

    List<Revocation> entries() {
        return entries;
    }

    boolean isEmpty() {
        return entries.isEmpty();
    }

    /** The entry that refuses a macaroon with this {@code iid:} value, if any. */
    Optional<Revocation> covering(String issueId) {
        if (entries.isEmpty()) {
            return Optional.empty();
        }
        IssueId id = new IssueId(issueId);
        Instant issued = id.issuedAt();
        if (latestCutoff.isPresent() && issued.isBefore(cutoff)) {
            return latestCutoff;
        }
        Optional<String> principal = id.principal();
        if (principal.isPresent()) {
            Revocation entry = byPrincipal.get(principal.get());
            // Whole seconds on both sides, and "not after": a macaroon minted in the very second of the revocation
            // is refused too, failing closed rather than guessing which came first.
            if (entry != null && !issued.isAfter(entry.revokedAt().truncatedTo(ChronoUnit.SECONDS))) {
                return Optional.of(entry);
            }
        }
        if (!byIssueId.isEmpty()) {
            for (String ancestor : id.lineage()) {
                Revocation entry = byIssueId.get(ancestor);
                if (entry != null) {
                    return Optional.of(entry);
                }
            }
        }
        return Optional.empty();
    }

    /** This list plus {@code entry}, without the entries that can be dropped at {@code now}. */
    RevocationList with(Revocation entry, Instant now) {
        List<Revocation> next = new ArrayList<>(entries.size() + 1);
        for (Revocation existing : entries) {
            if (existing.dropAfter().isAfter(now)) {
                next.add(existing);
            }
        }
        next.add(entry);
        return new RevocationList(next);
    }

    /** Without the entries whose every macaroon has expired at {@code now}. */
    RevocationList live(Instant now) {
        List<Revocation> next = entries.stream().filter(e -> e.dropAfter().isAfter(now)).toList();
        return next.size() == entries.size() ? this : new RevocationList(next);
    }
}
