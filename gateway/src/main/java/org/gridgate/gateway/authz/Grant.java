package org.gridgate.gateway.authz;

import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.gridgate.caveat.Activity;
import org.gridgate.caveat.MacaroonRequest;
import org.gridgate.caveat.MintRefusedException;
import org.gridgate.gateway.refusal.AccessDeniedException;
import org.gridgate.gateway.refusal.AuthenticationRequiredException;
import org.gridgate.gateway.refusal.UploadTooLargeException;

/**
 * What one client may do for one request: computed once, by {@link AccessControl#grant}, from the client and the
 * request's storage path (and Destination), before anything touches storage, then only consulted. Every
 * authorization refusal of the request comes from here, with the words and kinds the door has always answered:
 * an anonymous client is told to authenticate (401), anyone else what their credential does not allow (403), an
 * upload beyond {@code max-upload:} is too large (413). What only storage can tell (a collection, a file that
 * would be replaced) the router learns later, and asks this grant again, never the policies.
 *
 * @param holder             whose rights these are, as refusals name them
 * @param who                the client for the log ({@code Client.describe()}): a DN or a macaroon's id
 * @param target             the request's storage path and what the client may do there
 * @param destination        the same for a MOVE's or COPY's Destination, if the request has one
 * @param maxUpload          the most bytes one upload may store: a macaroon's {@code max-upload:}
 * @param onTheWayToAnUpload whether the target is a directory above a macaroon's path where it may UPLOAD
 * @param limitedProxies     the door's rule for limited proxies: what such a holder may mint
 * @param rights             the client's rights at any other path, for the members of a listing
 */
public record Grant(Holder holder, String who, Place target, Optional<Place> destination, OptionalLong maxUpload,
                    boolean onTheWayToAnUpload, LimitedProxyPolicy limitedProxies, PathRights rights) {

    /** Whose rights a grant holds; a refusal names it so the client knows which credential said no. */
    public enum Holder {
        MACAROON("This macaroon"),
        IDENTITY("Your identity"),
        TOKEN("This token"),
        LIMITED_PROXY("A limited proxy"),
        /** Never told what it may not do: told to authenticate. */
        ANONYMOUS(null);

        private final String name;

        Holder(String name) {
            this.name = name;
        }
    }

    /** A storage path and every activity the client may perform on it. */
    public record Place(String storagePath, Set<Activity> activities) {
        public Place {
            activities = Set.copyOf(activities);
        }
    }

    static final String AUTHENTICATION_REQUIRED = "Authentication required";
    static final String LIMITED_PROXY_MAY_NOT_MINT = "Limited proxies may not request macaroons here";
    static final String LIMITED_PROXY_MINTS_READ_ONLY = "A limited proxy may only request macaroons limited to "
            + "activity:DOWNLOAD,LIST,READ_METADATA";
    static final String NO_COLLECTIONS_WITH_MAX_UPLOAD = "A macaroon with max-upload: may copy files, not collections";

    /** The request's storage path: its path resolved once, below a macaroon's {@code root:}. */
    public String storagePath() {
        return target.storagePath();
    }

    /** The Destination's storage path. */
    public String destinationPath() {
        return destination.orElseThrow(() -> new IllegalStateException("this request has no Destination"))
                .storagePath();
    }

    /** Whether the client may perform {@code activity} on the request's path. */
    public boolean holds(Activity activity) {
        return target.activities().contains(activity);
    }

    /** Refuses unless the client may perform {@code activity} on the request's path. */
    public void require(Activity activity) throws AuthenticationRequiredException, AccessDeniedException {
        require(target, activity);
    }

    /**
     * Refuses what {@code operation} needs up front ({@link Operation.Needs#atPath} or what does instead, and
     * {@link Operation.Needs#atDestination}), the path first, as the table in {@link Operation} says.
     */
    public void authorize(Operation operation) throws AuthenticationRequiredException, AccessDeniedException {
        Operation.Needs needs = operation.needs();
        if (needs.atPath().isPresent()) {
            boolean instead = needs.orInstead().stream().anyMatch(this::holds)
                    || (needs.orOnTheWayToAnUpload() && onTheWayToAnUpload);
            if (!instead) {
                require(target, needs.atPath().get());
            }
        }
        if (needs.atDestination().isPresent()) {
            require(destination.orElseThrow(() -> new IllegalStateException(operation + " needs a Destination")),
                    needs.atDestination().get());
        }
    }

    /** Refuses what {@code operation} needs on a path storage found to be a collection, if the table says so. */
    public void authorizeCollection(Operation operation)
            throws AuthenticationRequiredException, AccessDeniedException {
        if (operation.needs().onCollection().isPresent()) {
            require(target, operation.needs().onCollection().get());
        }
    }

    /** Refuses replacing what is where {@code operation} writes, unless the client may delete it there. */
    public void authorizeReplacing(Operation operation)
            throws AuthenticationRequiredException, AccessDeniedException {
        if (operation.needs().replacingNeedsDelete()) {
            require(writtenBy(operation), Activity.DELETE);
        }
    }

    /**
     * Whether a write by {@code operation} may replace what is there: the storage's overwrite flag, so a file that
     * another client creates while the request is in flight (after the door looked) is replaced only by a client
     * that may delete it.
     */
    public boolean mayReplace(Operation operation) {
        return !operation.needs().replacingNeedsDelete()
                || writtenBy(operation).activities().contains(Activity.DELETE);
    }

    /** Whether a member of a listing, at {@code memberStoragePath}, is one the client may see: READ_METADATA there. */
    public boolean maySee(String memberStoragePath) {
        return rights.at(memberStoragePath).contains(Activity.READ_METADATA);
    }

    /**
     * Refuses an upload, PUT or third-party pull, whose announced length is beyond {@code max-upload:}, before a
     * byte is stored; the storage stops one that grows beyond it unannounced ({@link #maxUpload}).
     */
    public void requireWithinMaxUpload(long announcedBytes) throws UploadTooLargeException {
        if (maxUpload.isPresent() && announcedBytes > maxUpload.getAsLong()) {
            throw new UploadTooLargeException("Upload of " + announcedBytes + " bytes exceeds the limit of "
                    + maxUpload.getAsLong() + " bytes");
        }
    }

    /**
     * A copy writes new bytes, so it counts against {@code max-upload:} like a PUT: a file by its size; a
     * collection's total is not known in advance, so a client with a limit may not copy one.
     */
    public void requireCopyWithinMaxUpload(boolean collection, long bytes) throws UploadTooLargeException {
        if (maxUpload.isPresent() && collection) {
            throw new UploadTooLargeException(NO_COLLECTIONS_WITH_MAX_UPLOAD);
        }
        requireWithinMaxUpload(bytes);
    }

    /**
     * Refuses a macaroon request from a client that may not mint at all: anonymous clients (401), limited proxies
     * where the door refuses them (403).
     */
    public void requireMinting() throws AuthenticationRequiredException, AccessDeniedException {
        if (holder == Holder.ANONYMOUS) {
            throw new AuthenticationRequiredException(AUTHENTICATION_REQUIRED);
        }
        if (holder == Holder.LIMITED_PROXY && limitedProxies == LimitedProxyPolicy.REFUSE) {
            throw new AccessDeniedException(LIMITED_PROXY_MAY_NOT_MINT);
        }
    }

    /**
     * A limited proxy may only mint macaroons that say, in an {@code activity:} caveat, that they are for reading: a
     * request without one would get the policy's full set. Anyone else is limited by the issuer alone, so only a
     * limited proxy's request is read here.
     *
     * @throws MintRefusedException for an {@code activity:} caveat that does not parse
     */
    public void requireMintable(MacaroonRequest request) throws AccessDeniedException, MintRefusedException {
        if (holder != Holder.LIMITED_PROXY) {
            return;
        }
        Optional<Set<Activity>> requested = request.activities();
        if (requested.isEmpty() || !limitedProxies.allowsMinting(requested.get())) {
            throw new AccessDeniedException(LIMITED_PROXY_MINTS_READ_ONLY);
        }
    }

    private Place writtenBy(Operation operation) {
        if (operation.needs().atDestination().isEmpty()) {
            return target;
        }
        return destination.orElseThrow(() -> new IllegalStateException(operation + " needs a Destination"));
    }

    private void require(Place place, Activity activity)
            throws AuthenticationRequiredException, AccessDeniedException {
        if (place.activities().contains(activity)) {
            return;
        }
        if (holder == Holder.ANONYMOUS) {
            throw new AuthenticationRequiredException(AUTHENTICATION_REQUIRED);
        }
        throw new AccessDeniedException(holder.name + " does not allow " + activity + " on " + place.storagePath(),
                who + " may not " + activity + " " + place.storagePath());
    }
}
