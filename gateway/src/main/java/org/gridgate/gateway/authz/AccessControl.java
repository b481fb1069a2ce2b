package org.gridgate.gateway.authz;

import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.OptionalLong;
import org.gridgate.caveat.Activity;
import org.gridgate.caveat.MintingPolicy;
import org.gridgate.gateway.auth.Client;
import org.gridgate.gateway.http.HttpError;
import org.gridgate.gateway.http.RequestPath;

/**
 * Where every request is authorized: one question, "may this client do this activity on this storage path?",
 * answered by the macaroon's caveats for a bearer client and by the site policy for an X.509 client. Anonymous
 * clients may do only what a configured anonymous area allows, and are otherwise told to authenticate.
 */
public final class AccessControl {

    private final MintingPolicy policy;
    private final LimitedProxyPolicy limitedProxies;
    private final AnonymousAccess anonymous;

    public AccessControl(MintingPolicy policy, LimitedProxyPolicy limitedProxies, AnonymousAccess anonymous) {
        this.policy = policy;
        this.limitedProxies = limitedProxies;
        this.anonymous = anonymous;
    }

    public LimitedProxyPolicy limitedProxies() {
        return limitedProxies;
    }

    /** The storage path a request path names for this client: a macaroon's {@code root:} re-roots it. */
    public String storagePath(Client client, RequestPath requestPath) {
        if (client instanceof Client.Bearer bearer) {
            return bearer.rights().toStoragePath(requestPath.path());
        }
        return requestPath.path();
    }

    public boolean permits(Client client, Activity activity, String storagePath) {
        if (client instanceof Client.Bearer bearer) {
            return bearer.rights().permits(activity, storagePath);
        }
        if (client instanceof Client.X509 x509) {
            if (x509.identity().limitedProxy() && !limitedProxies.allows(activity)) {
                return false;
            }
            return policy.permitsDirect(x509.requester(), activity, storagePath);
        }
        return anonymous.permits(activity, storagePath);
    }

    public void require(Client client, Activity activity, String storagePath) throws HttpError {
        if (client instanceof Client.Anonymous && !anonymous.permits(activity, storagePath)) {
            throw new HttpError(HttpResponseStatus.UNAUTHORIZED, "Authentication required");
        }
        if (!permits(client, activity, storagePath)) {
            throw new HttpError(HttpResponseStatus.FORBIDDEN,
                    describeRefusal(client, activity, storagePath),
                    client.describe() + " may not " + activity + " " + storagePath);
        }
    }

    /**
     * Whether a write to {@code storagePath} may replace what is there: replacing destroys it, so it needs DELETE as
     * well, as at dCache. Writers pass this to the storage as its overwrite flag, so a file that another client
     * creates while a request is in flight (between the door's checks and its work) is replaced only by a client
     * that may delete it.
     */
    public boolean mayReplace(Client client, String storagePath) {
        return permits(client, Activity.DELETE, storagePath);
    }

    /** The most bytes one upload of this client may store: a macaroon's {@code max-upload:}; none for others. */
    public OptionalLong maxUpload(Client client) {
        return client instanceof Client.Bearer bearer ? bearer.rights().maxUpload() : OptionalLong.empty();
    }

    /**
     * Refuses (413) an upload, PUT or third-party pull, whose announced length is beyond the client's
     * {@code max-upload:}, before a byte is stored; the storage stops one that grows beyond it unannounced.
     */
    public void requireWithinMaxUpload(Client client, long announcedBytes) throws HttpError {
        OptionalLong limit = maxUpload(client);
        if (limit.isPresent() && announcedBytes > limit.getAsLong()) {
            throw new HttpError(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE,
                    "Upload of " + announcedBytes + " bytes exceeds the limit of " + limit.getAsLong() + " bytes");
        }
    }

    /**
     * MKCOL: MANAGE there, or UPLOAD there (a PUT may create it anyway), or, for a macaroon that may UPLOAD at its
     * path, any missing ancestor of that path. That last is dCache's rule that an upload may create the
     * directories on its way; gfal2 depends on it, making {@code /a/dir} with a macaroon minted for
     * {@code /a/dir/gfal2_mkdir.reserved}.
     */
    public void requireCollectionCreation(Client client, String storagePath) throws HttpError {
        if (permits(client, Activity.UPLOAD, storagePath) || isUploadAncestor(client, storagePath)) {
            return;
        }
        require(client, Activity.MANAGE, storagePath);
    }

    private static boolean isUploadAncestor(Client client, String storagePath) {
        if (!(client instanceof Client.Bearer bearer)) {
            return false;
        }
        String prefix = bearer.rights().pathPrefix();
        return !prefix.equals(storagePath) && RequestPath.isWithin(prefix, storagePath)
                && bearer.rights().permits(Activity.UPLOAD, prefix);
    }

    private static String describeRefusal(Client client, Activity activity, String storagePath) {
        if (client instanceof Client.X509 x509 && x509.identity().limitedProxy()) {
            return "A limited proxy does not allow " + activity + " on " + storagePath;
        }
        String who = client instanceof Client.Bearer ? "This macaroon" : "Your identity";
        return who + " does not allow " + activity + " on " + storagePath;
    }
}
