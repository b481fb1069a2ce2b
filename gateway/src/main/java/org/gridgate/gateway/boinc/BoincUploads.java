package org.gridgate.gateway.boinc;

import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import java.util.OptionalLong;
import org.gridgate.caveat.MacaroonRights;
import org.gridgate.gateway.auth.BearerToken;
import org.gridgate.gateway.auth.Client;
import org.gridgate.gateway.authz.Grant;
import org.gridgate.gateway.authz.Operation;
import org.gridgate.gateway.http.Exchange;
import org.gridgate.gateway.http.RequestHead;
import org.gridgate.gateway.macaroon.MacaroonRequests;
import org.gridgate.gateway.refusal.AccessDeniedException;
import org.gridgate.gateway.refusal.AuthenticationRequiredException;
import org.gridgate.gateway.refusal.RefusedException;
import org.gridgate.storage.PartialKey;
import org.gridgate.storage.Storage;

/**
 * BOINC's upload protocol on a file's URL, authorized by the macaroon in {@code ?authz=} (or
 * {@code Authorization: Bearer}), so that the {@code targetWithMacaroon} a compute element is given works unchanged
 * as a BOINC output file's {@code <upload_url>}. Which POSTs are BOINC's is known from the head: a POST with a
 * bearer token that is not a macaroon request ({@link MacaroonRequests#isMacaroonRequest}); the real client labels
 * its body {@code application/x-www-form-urlencoded} (libcurl's default), others {@code text/xml}, so the type is
 * not looked at, and the body is never parsed as a form. The body must then start with
 * {@code <data_server_request>}, else it is refused with 415 as before.
 *
 * <p>Staged bytes belong to the macaroon ({@link #partialKey}): a size query answers what that macaroon staged at
 * that path, and they are swept once it has expired.
 */
public final class BoincUploads {

    private final Storage storage;

    public BoincUploads(Storage storage) {
        this.storage = storage;
    }

    /**
     * Whether the request is on BOINC's channel, decided from its head alone: so that a refusal before its body is
     * read (the macaroon has expired; an {@code Expect: 100-continue} answered with the refusal) is already given
     * in BOINC's form.
     */
    public static boolean isBoincRequest(HttpRequest request) {
        if (!request.method().equals(HttpMethod.POST) || MacaroonRequests.isMacaroonRequest(request)) {
            return false;
        }
        try {
            return BearerToken.find(request).isPresent();
        } catch (RefusedException e) {
            return true;   // two tokens: refused in BOINC's form like any other bad macaroon
        }
    }

    /**
     * Refuses, before the body is read, a client whose macaroon does not allow uploading to the path
     * ({@link Operation#PUT}'s needs); what the envelope asks for is checked once it has arrived.
     */
    public Grant authorize(RequestHead head, Grant grant) throws RefusedException {
        if (!(head.client() instanceof Client.Bearer)) {
            throw new AuthenticationRequiredException("BOINC uploads need a macaroon in ?authz=");
        }
        grant.authorize(Operation.PUT);
        if (head.path().isRoot()) {
            throw new AccessDeniedException("Nothing can be uploaded to /");
        }
        return grant;
    }

    /** Starts the exchange (on the I/O executor: it looks at storage) once the router has checked locks. */
    public Exchange begin(RequestHead head, Grant grant) {
        MacaroonRights rights = ((Client.Bearer) head.client()).rights();
        OptionalLong announced = HttpUtil.isTransferEncodingChunked(head.request()) ? OptionalLong.empty()
                : OptionalLong.of(HttpUtil.getContentLength(head.request(), 0L));
        head.continuation().run();
        return new BoincExchange(storage, grant, partialKey(rights), announced);
    }

    /**
     * Staged bytes are the macaroon's: its log id (issue id and signature prefix, so one macaroon exactly), kept
     * until it expires, since after that nobody can resume them.
     */
    static PartialKey partialKey(MacaroonRights rights) {
        return new PartialKey(rights.logId(), rights.expiry());
    }
}
