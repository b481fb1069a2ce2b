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
import org.gridgate.gateway.refusal.BusyException;
import org.gridgate.gateway.refusal.MalformedRequestException;
import org.gridgate.gateway.token.InvalidTokenException;
import org.gridgate.gateway.token.IssuerUnavailableException;
import org.gridgate.gateway.token.KeysNotAtHandException;
import org.gridgate.gateway.token.VerifiedToken;
import org.gridgate.gateway.token.WlcgTokens;

/**
 * Where every request is authenticated. A bearer token, if present, decides alone: valid gives its rights,
 * invalid is a 401 with the reason (no fallback to the certificate, as at dCache). A bearer token with a dot is a
 * WLCG token (JWT, {@link WlcgTokens}), any other a macaroon. Otherwise a certificate chain,
 * if presented, must validate. Otherwise the client is anonymous.
 */
public final class Authenticator {

    private final MacaroonVerifier verifier;
    private final WlcgTokens tokens;
    private final GridTrust trust;
    private final DoorMetrics metrics;
    private final Clock clock;

    public Authenticator(MacaroonVerifier verifier, WlcgTokens tokens, GridTrust trust, DoorMetrics metrics,
                         Clock clock) {
        this.verifier = verifier;
        this.tokens = tokens;
        this.trust = trust;
        this.metrics = metrics;
        this.clock = clock;
    }

    /**
     * Authenticates in memory, as the event loop must.
     *
     * @throws AuthenticationFailedException for a credential that does not hold
     * @throws MalformedRequestException     for two different tokens
     * @throws KeysNotAtHandException        for a WLCG token whose issuer's keys must be fetched first: then call
     *                                       {@link #authenticateFetchingKeys} off the event loop
     */
    public Client authenticate(HttpRequest request, ConnectionCredentials connection)
            throws AuthenticationFailedException, MalformedRequestException, KeysNotAtHandException {
        Optional<String> token = BearerToken.find(request);
        if (token.isPresent() && WlcgTokens.isJwt(token.get())) {
            try {
                return tokenClient(tokens.verify(token.get()));
            } catch (InvalidTokenException e) {
                throw tokenRefused(e);
            }
        }
        return authenticateOther(token, request, connection);
    }

    /**
     * As {@link #authenticate}, waiting (a bounded time) for a WLCG token issuer's keys to be fetched. Blocks: never
     * on an event loop.
     *
     * @throws BusyException when the issuer's keys could not be had in time
     */
    public Client authenticateFetchingKeys(HttpRequest request, ConnectionCredentials connection)
            throws AuthenticationFailedException, MalformedRequestException, BusyException {
        Optional<String> token = BearerToken.find(request);
        if (token.isPresent() && WlcgTokens.isJwt(token.get())) {
            try {
                return tokenClient(tokens.verifyFetchingKeys(token.get()));
            } catch (InvalidTokenException e) {
                throw tokenRefused(e);
            } catch (IssuerUnavailableException e) {
                metrics.credentialRefused("token");
                throw new BusyException("Cannot verify the token now: its issuer's keys are unavailable; retry later",
                        "token issuer unavailable: " + e.getMessage());
            }
        }
        return authenticateOther(token, request, connection);
    }

    private Client.Token tokenClient(VerifiedToken token) {
        // No DN: the policy's dn patterns (slash form) never match "<iss> <sub>", only its vo/group/role do. It is
        // the principal a macaroon minted from the token carries in its iid, for revocation by identity.
        Requester requester = new Requester(token.principal(), token.groups(), Optional.empty(), Optional.empty());
        return new Client.Token(token, requester);
    }

    private AuthenticationFailedException tokenRefused(InvalidTokenException e) {
        metrics.credentialRefused("token");
        return new AuthenticationFailedException("Invalid token: " + e.getMessage(),
                "invalid token: " + e.getMessage());
    }

    private Client authenticateOther(Optional<String> token, HttpRequest request, ConnectionCredentials connection)
            throws AuthenticationFailedException {
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
