package org.gridgate.gateway.server;

import io.netty.channel.EventLoopGroup;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executor;
import org.gridgate.caveat.MacaroonIssuer;
import org.gridgate.caveat.MacaroonVerifier;
import org.gridgate.caveat.MintingPolicy;
import org.gridgate.caveat.Revocations;
import org.gridgate.caveat.SecretStore;
import org.gridgate.certs.GridTrust;
import org.gridgate.gateway.auth.Authenticator;
import org.gridgate.gateway.authz.AccessControl;
import org.gridgate.gateway.authz.AnonymousAccess;
import org.gridgate.gateway.authz.LimitedProxyPolicy;
import org.gridgate.gateway.http.Router;
import org.gridgate.gateway.macaroon.MacaroonRequests;
import org.gridgate.gateway.metrics.DoorMetrics;
import org.gridgate.gateway.token.WlcgTokens;
import org.gridgate.gateway.tpc.RemotePolicy;
import org.gridgate.gateway.tpc.ThirdPartyCopy;
import org.gridgate.gateway.webdav.WebDavRouter;
import org.gridgate.storage.Storage;

/**
 * The parts a running door is made of, wired once at start-up. Nothing here is static: two doors in one JVM
 * (as the tests run them) share nothing.
 *
 * @param revocations   macaroons revoked before their expiry, checked on every request
 * @param remotes       which remote endpoints third-party copies may reach
 * @param tokens        the WLCG token issuers trusted (their key fetching stops with the door)
 * @param accessLog     how the access log's lines are written
 * @param limits        what the door grants each client before cutting or refusing it
 * @param sharing       how {@code secrets} keep in step with other doors; closed with the door
 * @param storageRoot   the directory {@code /ready} checks is writable; null checks none
 * @param proxyProtocol the load balancers whose PROXY protocol headers the listener takes
 */
public record DoorServices(TlsSettings tls, GridTrust trust, Path caDirectory, Storage storage, SecretStore secrets,
                           Revocations revocations, MintingPolicy policy, LimitedProxyPolicy limitedProxies,
                           AnonymousAccess anonymous, RemotePolicy remotes, Duration defaultLifetime,
                           Duration maxLifetime, Clock clock, WlcgTokens tokens, AccessLog.Format accessLog,
                           DoorLimits limits, SharedState sharing, Path storageRoot,
                           ProxyProtocolSources proxyProtocol) {

    /**
     * A door whose access log is text, with the default limits, whose secrets file is re-read, without load
     * balancers, whose storage root {@code /ready} ignores.
     */
    public DoorServices(TlsSettings tls, GridTrust trust, Path caDirectory, Storage storage, SecretStore secrets,
                        Revocations revocations, MintingPolicy policy, LimitedProxyPolicy limitedProxies,
                        AnonymousAccess anonymous, RemotePolicy remotes, Duration defaultLifetime,
                        Duration maxLifetime, Clock clock, WlcgTokens tokens) {
        this(tls, trust, caDirectory, storage, secrets, revocations, policy, limitedProxies, anonymous, remotes,
                defaultLifetime, maxLifetime, clock, tokens, AccessLog.Format.TEXT, DoorLimits.DEFAULTS,
                SharedState.file(secrets), null, ProxyProtocolSources.NONE);
    }

    /** The same door on another storage (for instance one that wraps this one). */
    public DoorServices withStorage(Storage other) {
        return new DoorServices(tls, trust, caDirectory, other, secrets, revocations, policy, limitedProxies,
                anonymous, remotes, defaultLifetime, maxLifetime, clock, tokens, accessLog, limits, sharing, storageRoot,
                proxyProtocol);
    }

    /** The same door with another revocation list (one shared by several doors). */
    public DoorServices withRevocations(Revocations other) {
        return new DoorServices(tls, trust, caDirectory, storage, secrets, other, policy, limitedProxies,
                anonymous, remotes, defaultLifetime, maxLifetime, clock, tokens, accessLog, limits, sharing, storageRoot,
                proxyProtocol);
    }

    /** The same door with other TLS settings (for instance a certificate for volunteers). */
    public DoorServices withTls(TlsSettings other) {
        return new DoorServices(other, trust, caDirectory, storage, secrets, revocations, policy, limitedProxies,
                anonymous, remotes, defaultLifetime, maxLifetime, clock, tokens, accessLog, limits, sharing, storageRoot,
                proxyProtocol);
    }

    /** The same door with other limits. */
    public DoorServices withLimits(DoorLimits other) {
        return new DoorServices(tls, trust, caDirectory, storage, secrets, revocations, policy, limitedProxies,
                anonymous, remotes, defaultLifetime, maxLifetime, clock, tokens, accessLog, other, sharing, storageRoot,
                proxyProtocol);
    }

    /** The same door with other secrets, kept in step with other doors by {@code how}. */
    public DoorServices withSecrets(SecretStore other, SharedState how) {
        return new DoorServices(tls, trust, caDirectory, storage, other, revocations, policy, limitedProxies,
                anonymous, remotes, defaultLifetime, maxLifetime, clock, tokens, accessLog, limits, how, storageRoot,
                proxyProtocol);
    }

    /** The same door, taking PROXY protocol headers from {@code balancers}. */
    public DoorServices withProxyProtocol(ProxyProtocolSources balancers) {
        return new DoorServices(tls, trust, caDirectory, storage, secrets, revocations, policy, limitedProxies,
                anonymous, remotes, defaultLifetime, maxLifetime, clock, tokens, accessLog, limits, sharing, storageRoot,
                balancers);
    }

    Authenticator authenticator(DoorMetrics metrics) {
        return new Authenticator(new MacaroonVerifier(secrets, revocations, clock), tokens, trust, metrics, clock);
    }

    /**
     * @param loops     event loops for the door's own connections to remotes (third-party copy)
     * @param fileReads where files pushed to remotes are read
     */
    Router router(DoorMetrics metrics, EventLoopGroup loops, Executor fileReads)
            throws IOException, GeneralSecurityException {
        AccessControl access = new AccessControl(policy, limitedProxies, anonymous);
        MacaroonIssuer issuer = new MacaroonIssuer(secrets, policy, clock, defaultLifetime, maxLifetime);
        return new WebDavRouter(storage, access, new MacaroonRequests(issuer, metrics),
                new ThirdPartyCopy(storage, caDirectory, remotes, loops, fileReads, clock), sharing.locks(), clock);
    }
}
