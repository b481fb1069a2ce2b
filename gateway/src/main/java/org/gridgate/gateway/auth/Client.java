package org.gridgate.gateway.auth;

import org.gridgate.caveat.MacaroonRights;
import org.gridgate.caveat.Requester;
import org.gridgate.certs.GridIdentity;
import org.gridgate.gateway.token.VerifiedToken;

/** Who sent a request, as established by {@link Authenticator}: exactly one of three kinds. */
public sealed interface Client {

    /** A short description for logs: the DN, or the macaroon's log id. Never a token. */
    String describe();

    /**
     * Who owns what this client creates, its WebDAV locks: the same as {@link #describe()}, which names exactly
     * that: a DN (any proxy of it), one macaroon (its issue id and signature), or all anonymous clients together.
     */
    default String principal() {
        return describe();
    }

    /** A client that presented a valid X.509 certificate or proxy chain and no bearer token. */
    record X509(GridIdentity identity, Requester requester) implements Client {
        @Override
        public String describe() {
            return identity.dn();
        }
    }

    /** A client that presented a valid macaroon; a certificate it may also have sent is ignored, as at dCache. */
    record Bearer(MacaroonRights rights) implements Client {
        @Override
        public String describe() {
            return "macaroon " + rights.logId();
        }
    }

    /**
     * A client that presented a valid WLCG token (JWT). Its storage scopes decide what it may do; a token without
     * any is matched by its {@code wlcg.groups} against the site policy, as {@code requester}.
     */
    record Token(VerifiedToken token, Requester requester) implements Client {
        @Override
        public String describe() {
            return token.describe();
        }
    }

    /** No credential at all. */
    record Anonymous() implements Client {
        @Override
        public String describe() {
            return "anonymous";
        }
    }
}
