package org.gridgate.caveat;

import java.net.InetAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Folds a macaroon's caveats, in order, into {@link MacaroonRights} with dCache's rules (dCache's
 * {@code MacaroonContext}): every step may only narrow. The first caveat that does not hold stops the fold with its
 * reason. One fold per verification; not thread-safe.
 *
 * <p>Starts from everything (root and path {@code /}, all activities) and narrows: {@code iid} first and once,
 * {@code id} once, the earliest {@code before} (expired refuses, no clock skew), each {@code activity} a subset of the
 * one before, {@code path} and {@code root} chroot-style below the current ones, the smallest {@code max-upload},
 * and the client address within some subnet of every {@code ip} caveat.
 */
final class RightsFold {
    static final String INVALID_CAVEAT = "invalid caveat";

    private final Instant now;
    private final Optional<byte[]> clientAddress;

    private int position;
    private Optional<String> issueId = Optional.empty();
    private Optional<String> identity = Optional.empty();
    private Optional<Instant> expiry = Optional.empty();
    private EnumSet<Activity> activities = EnumSet.allOf(Activity.class);
    private StoragePath root = StoragePath.ROOT;
    private StoragePath path = StoragePath.ROOT; // relative to root, as in dCache
    private StoragePath home = StoragePath.ROOT; // absolute
    private OptionalLong maxUpload = OptionalLong.empty();
    private final List<String> ipCaveats = new ArrayList<>();
    private final List<List<IpSubnet>> ipSubnets = new ArrayList<>();

    /**
     * @param client the address {@code ip:} caveats are checked against; empty means they are checked for syntax
     *               only (for inspecting or dry-running a macaroon, never for granting access)
     */
    RightsFold(Instant now, Optional<InetAddress> client) {
        this.now = now;
        this.clientAddress = client.map(InetAddress::getAddress);
    }

    void accept(String text) throws InvalidMacaroonException {
        try {
            CaveatType type = Caveat.typeOf(text);
            apply(type, Caveat.valueOf(type, text), text);
        } catch (InvalidCaveatException e) {
            throw new InvalidMacaroonException(e.getMessage(), INVALID_CAVEAT);
        }
        position++;
    }

    /** Each branch parses its value with the type's own parser, which is also what validates it. */
    private void apply(CaveatType type, String value, String text)
            throws InvalidCaveatException, InvalidMacaroonException {
        switch (type) {
            case ISSUE_ID -> {
                CaveatValues.issueId(value);
                check(issueId.isEmpty(), "multiple iid", text);
                check(position == 0, "iid not first caveat", text);
                issueId = Optional.of(value);
            }
            case IDENTITY -> {
                MacaroonIdentity.parse(value);
                check(identity.isEmpty(), "multiple id", text);
                identity = Optional.of(value);
            }
            case BEFORE -> {
                Instant before = CaveatValues.instant(value);
                if (!now.isBefore(before)) {
                    throw new InvalidMacaroonException("expired: " + LogSafe.text(text), "expired");
                }
                if (expiry.isEmpty() || before.isBefore(expiry.get())) {
                    expiry = Optional.of(before);
                }
            }
            case ACTIVITY -> {
                EnumSet<Activity> requested = CaveatValues.activities(value);
                check(activities.containsAll(requested), "attempt to enlarge activity set", text);
                activities = requested;
            }
            case PATH -> path = path.chroot(CaveatValues.path(type, value));
            case ROOT -> narrowRoot(CaveatValues.path(type, value), text);
            case HOME -> home = root.chroot(CaveatValues.path(type, value));
            case MAX_UPLOAD -> {
                long limit = CaveatValues.maxUpload(value);
                maxUpload = OptionalLong.of(maxUpload.isPresent() ? Math.min(maxUpload.getAsLong(), limit) : limit);
            }
            case IP -> {
                List<IpSubnet> subnets = CaveatValues.subnets(value);
                if (clientAddress.isPresent() && !anyContains(subnets, clientAddress.get())) {
                    throw new InvalidMacaroonException("Client fails to match IP caveat " + LogSafe.text(text),
                            "client address not allowed");
                }
                ipCaveats.add(text);
                ipSubnets.add(List.copyOf(subnets));
            }
        }
    }

    /**
     * dCache's {@code updateRoot}: the new root is the old one chrooted by the value; the path, relative to the
     * old root, must run through the new root (or stop on the way to it) and is re-expressed below it; a home
     * outside the new root falls back to the new root.
     */
    private void narrowRoot(String value, String text) throws InvalidCaveatException {
        StoragePath delta = StoragePath.resolve(value);
        StoragePath overlap = delta.truncate(path.length());
        check(path.isWithin(overlap), "root extends outside of path", text);
        path = path.relativeTo(overlap);
        root = root.chroot(value);
        if (!home.isWithin(root)) {
            home = root;
        }
    }

    private static boolean anyContains(List<IpSubnet> subnets, byte[] address) {
        for (IpSubnet subnet : subnets) {
            if (subnet.contains(address)) {
                return true;
            }
        }
        return false;
    }

    private static void check(boolean condition, String reason, String text) throws InvalidCaveatException {
        if (!condition) {
            throw new InvalidCaveatException(reason + ": " + LogSafe.text(text));
        }
    }

    /**
     * The subnets of every {@code ip:} caveat so far, in order: the client must be in some subnet of each. What a
     * cache of verified tokens checks again for every request, without parsing the caveats again.
     */
    List<List<IpSubnet>> ipSubnets() {
        return List.copyOf(ipSubnets);
    }

    /** The rights folded so far; refuses a macaroon without {@code before:} (dCache accepts it; we do not). */
    MacaroonRights result(String signaturePrefix) throws InvalidMacaroonException {
        if (expiry.isEmpty()) {
            throw new InvalidMacaroonException("no expiry: the macaroon has no before: caveat", "no expiry");
        }
        return new MacaroonRights(issueId, signaturePrefix, identity, activities, expiry.get(), maxUpload, root,
                path, home, ipCaveats);
    }
}
