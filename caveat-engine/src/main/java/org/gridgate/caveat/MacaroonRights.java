package org.gridgate.caveat;

import java.time.Instant;
import java.util.OptionalLong;
import java.util.Set;

/**
 * What a verified macaroon allows: the result of folding all its caveats, in order, with dCache's rules.
 * Immutable. Paths here are absolute, normalised paths in the door's namespace ("storage paths").
 *
 * <p>STUB: the caveat-engine implementation replaces the body; the method signatures are the contract
 * the gateway codes against.
 */
public final class MacaroonRights {

    /** The {@code iid:} plus a signature prefix, as dCache logs macaroons: safe to log, never the token. */
    public String logId() {
        throw new UnsupportedOperationException("stub");
    }

    /** The {@code id:} caveat value, if the macaroon has one. */
    public java.util.Optional<String> identity() {
        throw new UnsupportedOperationException("stub");
    }

    /** Allowed activities after narrowing; READ_METADATA implied by any other, as dCache does. Empty = nothing. */
    public Set<Activity> activities() {
        throw new UnsupportedOperationException("stub");
    }

    /** The earliest {@code before:}. */
    public Instant expiry() {
        throw new UnsupportedOperationException("stub");
    }

    /** The smallest {@code max-upload:} in bytes, if any. */
    public OptionalLong maxUpload() {
        throw new UnsupportedOperationException("stub");
    }

    /**
     * Maps a request path (what the client put in the URL, already percent-decoded and normalised by the door)
     * into the door's namespace, honouring {@code root:} like chroot: {@code ..} never climbs out.
     */
    public String toStoragePath(String requestPath) {
        throw new UnsupportedOperationException("stub");
    }

    /**
     * Whether this macaroon allows {@code activity} on {@code storagePath}: anything it allows below its path
     * prefix, and only LIST and READ_METADATA on the ancestors of that prefix (dCache's PrefixRestriction).
     * Compared segment by segment: a prefix {@code /data/a} never allows {@code /data/ab}.
     */
    public boolean permits(Activity activity, String storagePath) {
        throw new UnsupportedOperationException("stub");
    }
}
