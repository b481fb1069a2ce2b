package org.gridgate.caveat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The storage scopes of a WLCG token ({@code storage.read:/atlas storage.create:/atlas/out}), as activities on
 * storage paths. Each scope path is relative to the issuer's base path and resolved below it chroot-style (a
 * {@code ..} never climbs above the base), and it covers itself and everything below it, compared segment by
 * segment: {@code storage.create:/a} covers {@code /a/x}, never {@code /ab} (Debian's scitokens-cpp 0.7.3 and
 * XRootD before PR 2152 compared strings).
 *
 * <p>What each scope allows (WLCG Common JWT Profile; dCache's mapping where the profile leaves it open):
 * <ul>
 *   <li>{@code storage.read}: DOWNLOAD, LIST, READ_METADATA;</li>
 *   <li>{@code storage.create}: UPLOAD of new files (and MKCOL), LIST, READ_METADATA; no DELETE, so the door never
 *       lets it replace a file (replacing needs DELETE), and no MANAGE, so no MOVE away;</li>
 *   <li>{@code storage.modify}: UPLOAD, DELETE, MANAGE, UPDATE_METADATA, LIST, READ_METADATA: overwrite, delete,
 *       rename;</li>
 *   <li>{@code storage.stage}: as read, plus STAGE.</li>
 * </ul>
 * On the directories above a scope's path, LIST and READ_METADATA are allowed so a client can walk down to it, as
 * for macaroons and the site policy; minting uses {@link #heldAt} instead, which leaves those out.
 */
public final class TokenScopes {

    /** A storage scope kind and what it allows. */
    public enum Kind {
        READ("storage.read", EnumSet.of(Activity.DOWNLOAD, Activity.LIST, Activity.READ_METADATA)),
        CREATE("storage.create", EnumSet.of(Activity.UPLOAD, Activity.LIST, Activity.READ_METADATA)),
        MODIFY("storage.modify", EnumSet.of(Activity.UPLOAD, Activity.DELETE, Activity.MANAGE,
                Activity.UPDATE_METADATA, Activity.LIST, Activity.READ_METADATA)),
        STAGE("storage.stage", EnumSet.of(Activity.DOWNLOAD, Activity.LIST, Activity.READ_METADATA,
                Activity.STAGE));

        private final String label;
        private final Set<Activity> activities;

        Kind(String label, Set<Activity> activities) {
            this.label = label;
            this.activities = Collections.unmodifiableSet(activities);
        }

        public Set<Activity> activities() {
            return activities;
        }

        static Optional<Kind> named(String label) {
            for (Kind kind : values()) {
                if (kind.label.equals(label)) {
                    return Optional.of(kind);
                }
            }
            return Optional.empty();
        }
    }

    private record Scope(Kind kind, StoragePath path) {
        @Override
        public String toString() {
            return kind.label + ":" + path;
        }
    }

    private static final Set<Activity> WALK_DOWN = EnumSet.of(Activity.LIST, Activity.READ_METADATA);

    private final List<Scope> scopes;
    private final boolean capabilityBased;

    private TokenScopes(List<Scope> scopes, boolean capabilityBased) {
        this.scopes = List.copyOf(scopes);
        this.capabilityBased = capabilityBased;
    }

    /**
     * Reads a token's {@code scope} claim (space-separated). Scopes outside {@code storage.} ({@code openid},
     * {@code compute.read}, ...) are ignored. A {@code storage.} scope of a kind the profile does not define allows
     * nothing but still counts as a storage scope, so such a token is never authorized by its groups instead.
     *
     * @param scopeClaim the claim, or null when the token has none
     * @param basePath   the issuer's base path, an absolute storage path
     * @throws InvalidCaveatException for a storage scope without an absolute path or with a control character
     */
    public static TokenScopes parse(String scopeClaim, String basePath) throws InvalidCaveatException {
        StoragePath base = StoragePath.resolve(basePath);
        List<Scope> scopes = new ArrayList<>();
        boolean storage = false;
        if (scopeClaim != null) {
            for (String scope : scopeClaim.trim().split("\\s+")) {
                if (!scope.startsWith("storage.")) {
                    continue;
                }
                storage = true;
                int colon = scope.indexOf(':');
                String path = colon < 0 ? "" : scope.substring(colon + 1);
                if (!path.startsWith("/") || LogSafe.hasControlCharacter(path)) {
                    throw new InvalidCaveatException("storage scope without an absolute path: "
                            + LogSafe.text(scope));
                }
                Optional<Kind> kind = Kind.named(scope.substring(0, colon));
                if (kind.isPresent()) {
                    scopes.add(new Scope(kind.get(), base.chroot(path)));
                }
            }
        }
        return new TokenScopes(scopes, storage);
    }

    /** Whether the token carries any {@code storage.} scope: then it is authorized by its scopes alone. */
    public boolean capabilityBased() {
        return capabilityBased;
    }

    /** Every activity the scopes allow on {@code storagePath}, with LIST and READ_METADATA on the way down. */
    public Set<Activity> at(String storagePath) {
        Optional<StoragePath> path = StoragePath.ifNormalised(storagePath);
        if (path.isEmpty()) {
            return Set.of();
        }
        EnumSet<Activity> allowed = EnumSet.noneOf(Activity.class);
        for (Scope scope : scopes) {
            if (path.get().isWithin(scope.path())) {
                allowed.addAll(scope.kind().activities());
            } else if (scope.path().isWithin(path.get())) {
                allowed.addAll(WALK_DOWN);
            }
        }
        return Collections.unmodifiableSet(allowed);
    }

    /** The activities scopes covering {@code storagePath} allow there and below: what a macaroon for it may get. */
    public Set<Activity> heldAt(String storagePath) {
        Optional<StoragePath> path = StoragePath.ifNormalised(storagePath);
        EnumSet<Activity> held = EnumSet.noneOf(Activity.class);
        if (path.isPresent()) {
            for (Scope scope : scopes) {
                if (path.get().isWithin(scope.path())) {
                    held.addAll(scope.kind().activities());
                }
            }
        }
        return Collections.unmodifiableSet(held);
    }

    @Override
    public String toString() {
        return scopes.stream().map(Scope::toString).collect(Collectors.joining(" "));
    }
}
