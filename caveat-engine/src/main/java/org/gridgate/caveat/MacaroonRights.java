package org.gridgate.caveat;

import java.time.Instant;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * What a verified macaroon allows: the result of folding all its caveats, in order, with dCache's rules.
 * Immutable. Paths here are absolute, normalised paths in the door's namespace ("storage paths").
 */
public final class MacaroonRights {
    private static final Set<Activity> ON_ANCESTORS = EnumSet.of(Activity.LIST, Activity.READ_METADATA);

    private final Optional<String> issueId;
    private final String signaturePrefix;
    private final Optional<String> identity;
    private final Set<Activity> activities;
    private final Instant expiry;
    private final OptionalLong maxUpload;
    private final StoragePath root;
    private final StoragePath relativePath;
    private final StoragePath prefix;
    private final StoragePath home;
    private final List<String> ipCaveats;

    MacaroonRights(Optional<String> issueId, String signaturePrefix, Optional<String> identity,
                   Set<Activity> activities, Instant expiry, OptionalLong maxUpload, StoragePath root,
                   StoragePath relativePath, StoragePath home, List<String> ipCaveats) {
        this.issueId = issueId;
        this.signaturePrefix = signaturePrefix;
        this.identity = identity;
        this.activities = Collections.unmodifiableSet(withImpliedReadMetadata(activities));
        this.expiry = expiry;
        this.maxUpload = maxUpload;
        this.root = root;
        this.relativePath = relativePath;
        this.prefix = root.append(relativePath);
        this.home = home;
        this.ipCaveats = List.copyOf(ipCaveats);
    }

    /** As dCache: any other activity lets the holder "enter a directory", so it implies READ_METADATA. */
    private static EnumSet<Activity> withImpliedReadMetadata(Set<Activity> folded) {
        EnumSet<Activity> allowed = folded.isEmpty() ? EnumSet.noneOf(Activity.class) : EnumSet.copyOf(folded);
        if (!allowed.isEmpty()) {
            allowed.add(Activity.READ_METADATA);
        }
        return allowed;
    }

    /** The {@code iid:} plus a signature prefix, as dCache logs macaroons: safe to log, never the token. */
    public String logId() {
        return issueId.orElse("-") + ":" + signaturePrefix;
    }

    /** The {@code iid:} caveat value, if the macaroon has one: what revocations are matched against. */
    Optional<String> issueId() {
        return issueId;
    }

    /** The {@code id:} caveat value, if the macaroon has one. */
    public Optional<String> identity() {
        return identity;
    }

    /** Allowed activities after narrowing; READ_METADATA implied by any other, as dCache does. Empty = nothing. */
    public Set<Activity> activities() {
        return activities;
    }

    /** The earliest {@code before:}. */
    public Instant expiry() {
        return expiry;
    }

    /** The smallest {@code max-upload:} in bytes, if any. */
    public OptionalLong maxUpload() {
        return maxUpload;
    }

    /** The {@code root:} the macaroon is confined to, as a storage path ({@code /} when it has none). */
    public String root() {
        return root.toString();
    }

    /** The storage path below which the macaroon grants its activities: its root with its path caveats applied. */
    public String pathPrefix() {
        return prefix.toString();
    }

    /**
     * Maps a request path (what the client put in the URL, already percent-decoded and normalised by the door)
     * into the door's namespace, honouring {@code root:} like chroot: {@code ..} never climbs out.
     *
     * @throws IllegalArgumentException if the path has a control character (NUL, newline, ...)
     */
    public String toStoragePath(String requestPath) {
        return root.chroot(requestPath).toString();
    }

    /**
     * Whether this macaroon allows {@code activity} on {@code storagePath}: anything it allows below its path
     * prefix, and only LIST and READ_METADATA on the ancestors of that prefix (dCache's PrefixRestriction).
     * Compared segment by segment: a prefix {@code /data/a} never allows {@code /data/ab}. A path that is not
     * absolute and normalised (a {@code .} or {@code ..} segment, a control character) is never permitted:
     * the door must resolve paths before it asks.
     */
    public boolean permits(Activity activity, String storagePath) {
        if (!activities.contains(activity)) {
            return false;
        }
        Optional<StoragePath> target = StoragePath.ifNormalised(storagePath);
        if (target.isEmpty() || !target.get().isWithin(root)) {
            return false;
        }
        if (target.get().isWithin(prefix)) {
            return true;
        }
        return prefix.isWithin(target.get()) && ON_ANCESTORS.contains(activity);
    }

    /**
     * Every activity {@link #permits} allows on {@code storagePath}, found with one look at the path: what the
     * door asks once per request instead of once per activity.
     */
    public Set<Activity> activitiesAt(String storagePath) {
        if (activities.isEmpty()) {
            return Set.of();
        }
        Optional<StoragePath> target = StoragePath.ifNormalised(storagePath);
        if (target.isEmpty() || !target.get().isWithin(root)) {
            return Set.of();
        }
        if (target.get().isWithin(prefix)) {
            return activities;
        }
        if (!prefix.isWithin(target.get())) {
            return Set.of();
        }
        EnumSet<Activity> walking = EnumSet.copyOf(ON_ANCESTORS);
        walking.retainAll(activities);
        return Collections.unmodifiableSet(walking);
    }

    StoragePath rootPath() {
        return root;
    }

    StoragePath prefixPath() {
        return prefix;
    }

    StoragePath homePath() {
        return home;
    }

    /** Whether the activity set is narrower than everything (an {@code activity:} caveat must carry it over). */
    boolean restrictsActivities() {
        return !activities.containsAll(EnumSet.allOf(Activity.class));
    }

    /** Every {@code ip:} caveat, verbatim, in order: all of them must keep holding for an attenuated macaroon. */
    List<String> ipCaveats() {
        return ipCaveats;
    }

    @Override
    public String toString() {
        return "MacaroonRights[" + logId() + ", prefix=" + prefix + ", activities=" + activities + ", expiry="
                + expiry + "]";
    }
}
