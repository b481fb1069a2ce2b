package org.gridgate.gateway.authz;

import static org.gridgate.caveat.Activity.DOWNLOAD;
import static org.gridgate.caveat.Activity.LIST;
import static org.gridgate.caveat.Activity.MANAGE;
import static org.gridgate.caveat.Activity.READ_METADATA;
import static org.gridgate.caveat.Activity.UPDATE_METADATA;
import static org.gridgate.caveat.Activity.UPLOAD;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.gridgate.caveat.Activity;

/**
 * The one table from what a request does (its HTTP method; COPY in three flavours) to the activities it needs,
 * following dCache's user guide. {@link Grant#authorize} applies it; what only storage can tell (is the path a
 * collection? does a file exist where this writes?) the router learns later and asks the same {@link Grant}.
 */
public enum Operation {
    /** The same static answer for everyone, whatever the path. */
    OPTIONS("OPTIONS", Needs.nothing()),
    /** A file's bytes; a collection's HTML listing needs LIST instead. */
    GET("GET", Needs.at(DOWNLOAD).onCollection(LIST)),
    /** A file's metadata; a collection's listing headers need LIST instead. */
    HEAD("HEAD", Needs.at(READ_METADATA).onCollection(LIST)),
    /** Writing a file; replacing one destroys what was there, so it needs DELETE as well (as dCache). */
    PUT("PUT", Needs.at(UPLOAD).andDeleteToReplace()),
    DELETE("DELETE", Needs.at(Activity.DELETE)),
    /**
     * MANAGE, or UPLOAD (a PUT may create it anyway), or, for a macaroon that may UPLOAD at its path, any missing
     * ancestor of that path: dCache's rule that an upload may create the directories on its way. gfal2 depends on
     * it, making {@code /a/dir} with a macaroon minted for {@code /a/dir/gfal2_mkdir.reserved}.
     */
    MKCOL("MKCOL", Needs.at(MANAGE).orInstead(UPLOAD).orAboveAnUpload()),
    /** Depth 1 on a collection also needs LIST there; each member shown needs READ_METADATA of its own. */
    PROPFIND("PROPFIND", Needs.at(READ_METADATA).onCollection(LIST)),
    PROPPATCH("PROPPATCH", Needs.at(UPDATE_METADATA)),
    MOVE("MOVE", Needs.at(MANAGE).atDestination(MANAGE).andDeleteToReplace()),
    /** COPY inside the door: reading here, writing there. */
    COPY("COPY", Needs.at(DOWNLOAD).atDestination(UPLOAD).andDeleteToReplace()),
    /** Third-party COPY with {@code Source:}: the remote file is written here, like a PUT. */
    COPY_PULL("COPY", Needs.at(UPLOAD).andDeleteToReplace()),
    /** Third-party COPY with a {@code Destination:} on another host: the file here is read and sent there. */
    COPY_PUSH("COPY", Needs.at(DOWNLOAD)),
    /** Locking is for writers. */
    LOCK("LOCK", Needs.at(MANAGE).orInstead(UPLOAD)),
    UNLOCK("UNLOCK", Needs.at(MANAGE).orInstead(UPLOAD)),
    /**
     * A macaroon request: no activity at the path, but an authenticated client ({@link Grant#requireMinting});
     * what may be minted is the issuer's to decide, from the site policy or the parent macaroon.
     */
    POST("POST", Needs.nothing());

    /**
     * What one operation needs.
     *
     * @param atPath                the activity needed at the request's path, named when it is refused
     * @param orInstead             activities that do instead of {@code atPath}
     * @param orOnTheWayToAnUpload  whether a path on the way down to a macaroon's UPLOAD path does instead
     * @param onCollection          what it needs instead when the path turns out to be a collection
     * @param atDestination         the activity needed at the Destination
     * @param replacingNeedsDelete  whether replacing what it writes over needs DELETE there too
     */
    public record Needs(Optional<Activity> atPath, Set<Activity> orInstead, boolean orOnTheWayToAnUpload,
                        Optional<Activity> onCollection, Optional<Activity> atDestination,
                        boolean replacingNeedsDelete) {
        public Needs {
            orInstead = Set.copyOf(orInstead);
        }

        static Needs nothing() {
            return new Needs(Optional.empty(), Set.of(), false, Optional.empty(), Optional.empty(), false);
        }

        static Needs at(Activity activity) {
            return new Needs(Optional.of(activity), Set.of(), false, Optional.empty(), Optional.empty(), false);
        }

        Needs orInstead(Activity... activities) {
            Set<Activity> more = EnumSet.noneOf(Activity.class);
            more.addAll(orInstead);
            more.addAll(Arrays.asList(activities));
            return new Needs(atPath, more, orOnTheWayToAnUpload, onCollection, atDestination, replacingNeedsDelete);
        }

        Needs orAboveAnUpload() {
            return new Needs(atPath, orInstead, true, onCollection, atDestination, replacingNeedsDelete);
        }

        Needs onCollection(Activity activity) {
            return new Needs(atPath, orInstead, orOnTheWayToAnUpload, Optional.of(activity), atDestination,
                    replacingNeedsDelete);
        }

        Needs atDestination(Activity activity) {
            return new Needs(atPath, orInstead, orOnTheWayToAnUpload, onCollection, Optional.of(activity),
                    replacingNeedsDelete);
        }

        Needs andDeleteToReplace() {
            return new Needs(atPath, orInstead, orOnTheWayToAnUpload, onCollection, atDestination, true);
        }
    }

    private final String method;
    private final Needs needs;

    Operation(String method, Needs needs) {
        this.method = method;
        this.needs = needs;
    }

    /** The HTTP method. */
    public String method() {
        return method;
    }

    public Needs needs() {
        return needs;
    }

    /**
     * The operation a method names; COPY is the door-internal copy, which the router tells apart from the
     * third-party flavours by their headers. Empty for a method the door does not serve.
     */
    public static Optional<Operation> of(String method) {
        for (Operation operation : values()) {
            if (operation.method.equals(method)) {
                return Optional.of(operation);
            }
        }
        return Optional.empty();
    }

    /** Every method served, comma separated, in this table's order: the {@code Allow} header. */
    public static String methods() {
        return Arrays.stream(values()).map(Operation::method).distinct().collect(Collectors.joining(", "));
    }
}
