package org.gridgate.gateway.authz;

import java.util.Optional;
import java.util.OptionalLong;
import org.gridgate.caveat.Activity;
import org.gridgate.caveat.DirectRights;
import org.gridgate.caveat.MacaroonRights;
import org.gridgate.caveat.MintingPolicy;
import org.gridgate.gateway.auth.Client;
import org.gridgate.gateway.http.RequestPath;

/**
 * Where every request is authorized, the door's decision point: once per request it turns the client and the
 * request's path (and Destination) into a {@link Grant}, in memory, touching no storage. A bearer client gets what
 * its macaroon's caveats allow, a WLCG token client what its storage scopes allow (or, without any, what the site
 * policy allows its groups), an X.509 client what the site policy allows directly (read-only or nothing for a
 * limited proxy), an anonymous client what a configured anonymous area allows. The router then asks only the grant.
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

    /** The grant for a request without a Destination. */
    public Grant grant(Client client, RequestPath path) {
        return grant(client, path, Optional.empty());
    }

    /** The grant for a MOVE or COPY: the client's rights at its path and at its Destination. */
    public Grant grant(Client client, RequestPath path, RequestPath destination) {
        return grant(client, path, Optional.of(destination));
    }

    private Grant grant(Client client, RequestPath path, Optional<RequestPath> destination) {
        PathRights rights = rightsOf(client);
        String storagePath = storagePath(client, path);
        Optional<Grant.Place> destinationPlace = destination.map(d -> storagePath(client, d))
                .map(d -> new Grant.Place(d, rights.at(d)));
        return new Grant(holderOf(client), client.describe(), new Grant.Place(storagePath, rights.at(storagePath)),
                destinationPlace, maxUpload(client), isOnTheWayToAnUpload(client, storagePath), limitedProxies,
                rights);
    }

    /** The storage path a request path names for this client: a macaroon's {@code root:} re-roots it, chroot-like. */
    private static String storagePath(Client client, RequestPath requestPath) {
        if (client instanceof Client.Bearer bearer) {
            return bearer.rights().toStoragePath(requestPath.path());
        }
        return requestPath.path();
    }

    /** The client's rights, resolved now: the macaroon's caveats, or the policy rule found once for a DN. */
    private PathRights rightsOf(Client client) {
        if (client instanceof Client.Bearer bearer) {
            return bearer.rights()::activitiesAt;
        }
        if (client instanceof Client.Token token) {
            // Capability before group (WLCG profile): storage scopes alone, else the groups through the policy.
            if (token.token().scopes().capabilityBased()) {
                return token.token().scopes()::at;
            }
            return policy.directRights(token.requester())::at;
        }
        if (client instanceof Client.X509 x509) {
            DirectRights direct = policy.directRights(x509.requester());
            if (x509.identity().limitedProxy()) {
                return path -> limitedProxies.restrict(direct.at(path));
            }
            return direct::at;
        }
        return anonymous::activitiesAt;
    }

    private static Grant.Holder holderOf(Client client) {
        if (client instanceof Client.Bearer) {
            return Grant.Holder.MACAROON;
        }
        if (client instanceof Client.Token) {
            return Grant.Holder.TOKEN;
        }
        if (client instanceof Client.X509 x509) {
            return x509.identity().limitedProxy() ? Grant.Holder.LIMITED_PROXY : Grant.Holder.IDENTITY;
        }
        return Grant.Holder.ANONYMOUS;
    }

    /** A macaroon's {@code max-upload:}; no limit for others. */
    private static OptionalLong maxUpload(Client client) {
        return client instanceof Client.Bearer bearer ? bearer.rights().maxUpload() : OptionalLong.empty();
    }

    /** dCache's rule for MKCOL: a directory strictly above a macaroon's path, where the macaroon may UPLOAD. */
    private static boolean isOnTheWayToAnUpload(Client client, String storagePath) {
        if (!(client instanceof Client.Bearer bearer)) {
            return false;
        }
        MacaroonRights rights = bearer.rights();
        String prefix = rights.pathPrefix();
        return !prefix.equals(storagePath) && RequestPath.isWithin(prefix, storagePath)
                && rights.permits(Activity.UPLOAD, prefix);
    }
}
