package org.gridgate.caveat;

import static org.gridgate.caveat.MintRefusedException.Kind.BAD_REQUEST;
import static org.gridgate.caveat.MintRefusedException.Kind.FORBIDDEN;

import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Mints macaroons for macaroon requests: checks the request (caveat grammar, validity), the site's minting
 * policy, and writes the caveats in dCache's order. Refuses rather than silently reduces.
 *
 * <p>Every macaroon is dry-run through the same fold the verifier uses before it is handed out, so a request whose
 * caveats contradict each other (say {@code root:} outside the path) is a 400 now rather than a useless token.
 */
public final class MacaroonIssuer {
    /** The {@link MintedMacaroon#rule()} of a macaroon minted from another one. */
    public static final String ATTENUATION = "attenuation";

    private final MacaroonMinter minter;
    private final RuleSource rules;
    private final Clock clock;
    private final Duration defaultLifetime;
    private final Duration maxLifetime;

    /**
     * @param defaultLifetime used when the request names no validity (dCache: 1 day); a matching policy rule's
     *                        default replaces it when minting from X.509
     * @param maxLifetime     a request beyond it is refused with 400 (dCache: 7 days)
     */
    public MacaroonIssuer(SecretStore secrets, MintingPolicy policy, Clock clock,
                          Duration defaultLifetime, Duration maxLifetime) {
        this(secrets, Objects.requireNonNull(policy)::ruleFor, clock, defaultLifetime, maxLifetime);
    }

    /** The same, with the policy rules from anywhere (tests use fixed {@link PolicyRule}s). */
    public MacaroonIssuer(SecretStore secrets, RuleSource rules, Clock clock,
                          Duration defaultLifetime, Duration maxLifetime) {
        if (defaultLifetime.isNegative() || defaultLifetime.isZero() || maxLifetime.compareTo(defaultLifetime) < 0) {
            throw new IllegalArgumentException("need 0 < default lifetime (" + defaultLifetime
                    + ") <= max lifetime (" + maxLifetime + ")");
        }
        this.minter = new MacaroonMinter(Objects.requireNonNull(secrets));
        this.rules = Objects.requireNonNull(rules);
        this.clock = Objects.requireNonNull(clock);
        this.defaultLifetime = defaultLifetime;
        this.maxLifetime = maxLifetime;
    }

    /** A macaroon for an X.509-authenticated requester, bound to {@code targetPath} (a storage path). */
    public MintedMacaroon issue(Requester requester, String targetPath, MacaroonRequest request)
            throws MintRefusedException {
        return issue(requester, targetPath, request, Optional.empty(), Optional.empty());
    }

    /**
     * A macaroon for the holder of a WLCG token, bound to {@code targetPath}: what the request asks, the token's
     * scopes hold there and the policy rule for its groups allows, all three; never valid after the token's
     * {@code exp} (a longer validity is cut to it: tools such as gfal2 ask for an hour whatever their token has left).
     *
     * @param held        what the token's storage scopes hold at {@code targetPath} ({@link TokenScopes#heldAt}),
     *                    or empty for a token without storage scopes, which its groups and the policy alone limit
     * @param tokenExpiry the token's {@code exp}
     */
    public MintedMacaroon issueForToken(Requester requester, String targetPath, MacaroonRequest request,
                                        Optional<Set<Activity>> held, Instant tokenExpiry)
            throws MintRefusedException {
        return issue(requester, targetPath, request, held, Optional.of(tokenExpiry));
    }

    private MintedMacaroon issue(Requester requester, String targetPath, MacaroonRequest request,
                                 Optional<Set<Activity>> held, Optional<Instant> notAfter)
            throws MintRefusedException {
        Instant now = clock.instant();
        if (notAfter.isPresent() && !notAfter.get().isAfter(now)) {
            throw new MintRefusedException(FORBIDDEN, "the token has expired");
        }
        RequestedCaveats requested = RequestedCaveats.parse(request);
        Optional<Instant> requestedExpiry = requested.expiry(now, maxLifetime);
        StoragePath target = storagePath(targetPath);

        PolicyRule rule = rules.ruleFor(requester).orElseThrow(() -> new MintRefusedException(FORBIDDEN,
                "no policy rule allows " + LogSafe.text(requester.dn()) + " to mint macaroons"));
        String ruleName = "policy rule '" + LogSafe.text(rule.name()) + "'";
        if (rule.activities().isEmpty()) {
            throw new MintRefusedException(FORBIDDEN, ruleName + " allows no activities");
        }
        EnumSet<Activity> activities = requested.activities().orElse(EnumSet.copyOf(rule.activities()));
        if (held.isPresent()) {
            if (requested.activities().isEmpty()) {
                activities.retainAll(held.get());
                if (activities.isEmpty()) {
                    throw new MintRefusedException(FORBIDDEN, "the token's scopes allow nothing on " + target
                            + " that " + ruleName + " allows");
                }
            }
            Set<Activity> beyondToken = beyond(activities, held.get());
            if (!beyondToken.isEmpty()) {
                throw new MintRefusedException(FORBIDDEN, "the token's scopes do not allow " + names(beyondToken)
                        + " on " + target);
            }
        }
        Set<Activity> beyondRule = beyond(activities, rule.activities());
        if (!beyondRule.isEmpty()) {
            throw new MintRefusedException(FORBIDDEN, ruleName + " does not allow " + names(beyondRule));
        }
        if (rule.pathPrefixes().stream().noneMatch(prefix -> isWithin(target, prefix))) {
            throw new MintRefusedException(FORBIDDEN, ruleName + " does not allow minting for " + target);
        }
        Duration ruleDefault = min(rule.defaultValidity(), min(rule.maxValidity(), maxLifetime));
        Instant expiry = requestedExpiry.orElse(RequestedCaveats.plus(now, ruleDefault)
                .truncatedTo(ChronoUnit.SECONDS));
        if (notAfter.isPresent()) {
            expiry = earliest(expiry, notAfter.get());
        }
        if (Duration.between(now, expiry).compareTo(rule.maxValidity()) > 0) {
            throw new MintRefusedException(FORBIDDEN, ruleName + " allows a lifetime of at most "
                    + rule.maxValidity());
        }

        List<String> caveats = new ArrayList<>();
        requester.idCaveat().ifPresent(id -> caveats.add(new Caveat(CaveatType.IDENTITY, id).toString()));
        caveats.add(CaveatType.BEFORE.label() + ":" + expiry);
        if (!target.isRoot()) {
            caveats.add(CaveatType.PATH.label() + ":" + target);
        }
        caveats.add(activityCaveat(activities));
        for (String added : rule.addedCaveats()) {
            caveats.add(ruleCaveat(rule, added));
        }
        requested.others().forEach(c -> caveats.add(c.toString()));
        return mint(minter.newIssueId(now, requester.dn()), caveats, now, rule.name());
    }

    /**
     * A macaroon requested by the holder of {@code parent}: never more rights, never a longer life.
     * {@code targetPath} is a storage path (map the request path with {@link MacaroonRights#toStoragePath}); it
     * must lie within the parent's path prefix and becomes the new, deeper {@code path:}. Every restriction of the
     * parent is carried over, including every {@code ip:} caveat (dCache drops those).
     */
    public MintedMacaroon attenuate(MacaroonRights parent, String targetPath, MacaroonRequest request)
            throws MintRefusedException {
        Instant now = clock.instant();
        RequestedCaveats requested = RequestedCaveats.parse(request);
        Optional<Instant> requestedExpiry = requested.expiry(now, maxLifetime);
        if (requestedExpiry.isPresent() && requestedExpiry.get().isAfter(parent.expiry())) {
            throw new MintRefusedException(BAD_REQUEST, "Bad requested caveat: before: cannot extend session lifetime");
        }
        StoragePath target = storagePath(targetPath);
        if (!target.isWithin(parent.prefixPath())) {
            throw new MintRefusedException(FORBIDDEN, "Desired path not within existing path");
        }
        Optional<EnumSet<Activity>> activities = requested.activities();
        if (activities.isPresent()) {
            Set<Activity> beyondParent = beyond(activities.get(), parent.activities());
            if (!beyondParent.isEmpty()) {
                throw new MintRefusedException(FORBIDDEN, "the macaroon does not allow " + names(beyondParent));
            }
        } else if (parent.restrictsActivities()) {
            activities = Optional.of(EnumSet.copyOf(parent.activities()));
        }
        Instant expiry = requestedExpiry.orElseGet(() -> earliest(parent.expiry(),
                RequestedCaveats.plus(now, defaultLifetime).truncatedTo(ChronoUnit.SECONDS)));
        if (!expiry.isAfter(now)) {
            throw new MintRefusedException(FORBIDDEN, "the macaroon has expired");
        }

        StoragePath root = parent.rootPath();
        List<String> caveats = new ArrayList<>();
        parent.identity().ifPresent(id -> caveats.add(CaveatType.IDENTITY.label() + ":" + id));
        caveats.add(CaveatType.BEFORE.label() + ":" + expiry);
        if (!root.isRoot()) {
            caveats.add(CaveatType.ROOT.label() + ":" + root);
        }
        StoragePath home = parent.homePath().relativeTo(root);
        if (!home.isRoot()) {
            caveats.add(CaveatType.HOME.label() + ":" + home);
        }
        StoragePath path = target.relativeTo(root);
        if (!path.isRoot()) {
            caveats.add(CaveatType.PATH.label() + ":" + path);
        }
        parent.maxUpload().ifPresent(bytes -> caveats.add(CaveatType.MAX_UPLOAD.label() + ":" + bytes));
        activities.ifPresent(set -> caveats.add(activityCaveat(set)));
        caveats.addAll(parent.ipCaveats());
        requested.others().forEach(c -> caveats.add(c.toString()));
        String issueId;
        try {
            issueId = minter.childIssueId(parent.issueId(), now);
        } catch (IllegalStateException e) {
            throw new MintRefusedException(FORBIDDEN, "the macaroon was " + e.getMessage()
                    + ": mint from the original one");
        }
        return mint(issueId, caveats, now, ATTENUATION);
    }

    private MintedMacaroon mint(String issueId, List<String> caveatsAfterIssueId, Instant now, String rule)
            throws MintRefusedException {
        List<String> caveats = MacaroonMinter.withIssueId(issueId, caveatsAfterIssueId);
        MacaroonRights rights = dryRun(caveats, now);
        return new MintedMacaroon(minter.sign(caveats), issueId, rights.expiry(), rule);
    }

    /** Folds the caveats as the verifier will (addresses unchecked: the user may be elsewhere when minting). */
    private static MacaroonRights dryRun(List<String> caveats, Instant now) throws MintRefusedException {
        RightsFold fold = new RightsFold(now, Optional.<InetAddress>empty());
        try {
            for (String caveat : caveats) {
                fold.accept(caveat);
            }
            return fold.result("");
        } catch (InvalidMacaroonException e) {
            throw new MintRefusedException(BAD_REQUEST, "Bad requested caveat: " + e.getMessage());
        }
    }

    private static StoragePath storagePath(String targetPath) throws MintRefusedException {
        try {
            return StoragePath.resolve(targetPath);
        } catch (IllegalArgumentException e) {
            throw new MintRefusedException(BAD_REQUEST, "Bad request path: " + e.getMessage());
        }
    }

    private static boolean isWithin(StoragePath target, String prefix) {
        try {
            return prefix.startsWith("/") && target.isWithin(StoragePath.resolve(prefix));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static String ruleCaveat(PolicyRule rule, String added) {
        try {
            return Caveat.parse(added).toString();
        } catch (InvalidCaveatException e) {
            throw new IllegalStateException("policy rule '" + rule.name() + "' adds a malformed caveat: "
                    + e.getMessage(), e);
        }
    }

    /** Activities of {@code wanted} not covered by {@code allowed}; READ_METADATA comes with any other. */
    private static Set<Activity> beyond(Set<Activity> wanted, Set<Activity> allowed) {
        EnumSet<Activity> extra = wanted.isEmpty() ? EnumSet.noneOf(Activity.class) : EnumSet.copyOf(wanted);
        extra.removeAll(allowed);
        if (!allowed.isEmpty()) {
            extra.remove(Activity.READ_METADATA);
        }
        return extra;
    }

    private static String activityCaveat(Set<Activity> activities) {
        EnumSet<Activity> withImplied = EnumSet.copyOf(activities);
        withImplied.add(Activity.READ_METADATA);
        return CaveatType.ACTIVITY.label() + ":" + names(withImplied);
    }

    private static String names(Collection<Activity> activities) {
        return EnumSet.copyOf(activities).stream().map(Activity::name).collect(Collectors.joining(","));
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static Instant earliest(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }
}
