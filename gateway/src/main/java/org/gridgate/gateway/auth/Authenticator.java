package org.gridgate.gateway.auth;

import io.netty.handler.codec.http.HttpRequest;
import java.time.Clock;
import java.util.Optional;
import org.gridgate.caveat.InvalidMacaroonException;
import org.gridgate.caveat.MacaroonVerifier;
import org.gridgate.caveat.Requester;
import org.gridgate.caveat.RevokedMacaroonException;
import org.gridgate.certs.CertificateRejectedException;
import org.gridgate.certs.GridIdentity;
import org.gridgate.certs.GridTrust;
import org.gridgate.certs.LocalAccount;
import org.gridgate.gateway.metrics.DoorMetrics;
import org.gridgate.gateway.refusal.AuthenticationFailedException;
import org.gridgate.gateway.refusal.MalformedRequestException;

/**
 * Where every request is authenticated. A bearer token, if present, decides alone: valid gives its rights,
 * invalid is a 401 with the reason (no fallback to the certificate, as at dCache). Otherwise a certificate chain,
 * if presented, must validate. Otherwise the client is anonymous.
 */
public final class Authenticator {

    private final MacaroonVerifier verifier;
    private final GridTrust trust;
    private final DoorMetrics metrics;
    private final Clock clock;

    public Authenticator(MacaroonVerifier verifier, GridTrust trust, DoorMetrics metrics, Clock clock) {
        this.verifier = verifier;
        this.trust = trust;
        this.metrics = metrics;
        this.clock = clock;
    }

    /**
     * @throws AuthenticationFailedException for a credential that does not hold
     * @throws MalformedRequestException     for two different tokens
     */
    public Client authenticate(HttpRequest request, ConnectionCredentials connection)
            throws AuthenticationFailedException, MalformedRequestException {
        Optional<String> token = BearerToken.find(request);
        if (token.isPresent()) {
            try {
                return new Client.Bearer(verifier.verify(token.get(), connection.peer()));
            } catch (InvalidMacaroonException e) {
                metrics.credentialRefused("macaroon");
                if (e instanceof RevokedMacaroonException) {
                    metrics.revokedMacaroonRefused();
                }
                throw new AuthenticationFailedException("Invalid macaroon: " + e.clientReason(),
                        "invalid macaroon: " + e.getMessage());
            }
        }
        if (connection.hasCertificate()) {
            try {
                GridIdentity identity = connection.identity(trust, clock.instant());
                return new Client.X509(identity, requesterOf(identity));
            } catch (CertificateRejectedException e) {
                metrics.credentialRefused("certificate");
                throw new AuthenticationFailedException("Client certificate refused: " + e.getMessage());
            }
        }
        return new Client.Anonymous();
    }

    static Requester requesterOf(GridIdentity identity) {
        Optional<LocalAccount> account = identity.localAccount();
        return new Requester(identity.dn(), identity.fqans(),
                account.map(LocalAccount::username),
                account.map(Authenticator::idCaveatOf));
    }

    /** dCache's {@code id:} caveat value: {@code uid;gid,gid,...;username}. */
    private static String idCaveatOf(LocalAccount account) {
        StringBuilder gids = new StringBuilder();
        for (Long gid : account.gids()) {
            if (gids.length() > 0) {
                gids.append(',');
            }
            gids.append(gid);
        }
        return account.uid() + ";" + gids + ";" + account.username();
    }
}
