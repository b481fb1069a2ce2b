package org.gridgate.gateway.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.gridgate.caveat.MintingPolicy;
import org.gridgate.caveat.PolicyException;
import org.gridgate.caveat.Revocations;
import org.gridgate.caveat.SecretStore;
import org.gridgate.certs.GridTrust;
import org.gridgate.certs.IdentityMapping;
import org.gridgate.gateway.cluster.ZooKeeperState;
import org.gridgate.gateway.cluster.ZooKeeperSettings;
import org.gridgate.gateway.server.DoorServices;
import org.gridgate.gateway.server.SharedState;
import org.gridgate.gateway.server.TlsSettings;
import org.gridgate.gateway.token.IssuerTrust;
import org.gridgate.gateway.token.WlcgTokens;
import org.gridgate.storage.PosixStorage;
import org.gridgate.storage.Storage;

/** Builds a door's parts from its configuration file, failing at start-up on anything unusable. */
public final class ProductionServices {

    private ProductionServices() {
    }

    public static DoorServices from(GatewayConfig config, Clock clock)
            throws IOException, PolicyException, ConfigException, java.security.GeneralSecurityException {
        requireReadable(config.tls().certificate(), "tls.certificate");
        requireReadable(config.tls().key(), "tls.key");
        HostCredential.requireMatchingKey(config.tls().certificate(), config.tls().key());
        TlsSettings tls = config.tlsSettings();
        if (tls.volunteers().isPresent()) {
            requireReadable(tls.volunteers().get().certificate(), "tls.volunteers.certificate");
            requireReadable(tls.volunteers().get().key(), "tls.volunteers.key");
            HostCredential.requireMatchingKey(tls.volunteers().get().certificate(), tls.volunteers().get().key());
        }
        MintingPolicy policy = MintingPolicy.load(config.policy());
        IdentityMapping mapping = config.grid().gridMapfile().isPresent()
                || config.grid().voRoleMapfile().isPresent()
                ? IdentityMapping.fromFiles(config.grid().gridMapfile(), config.grid().voRoleMapfile())
                : IdentityMapping.none();
        GridTrust trust = GridTrust.open(config.grid().caDirectory(), config.grid().vomsDirectory(), mapping);
        // Opened before the sweeper starts, so a root that is not there is reported once, under its key.
        Storage storage = PosixStorage.open(config.storage().root(), config.checksumsForEveryFile());
        StaleUploadSweeper.startInBackground(config.storage().root());
        WlcgTokens tokens = config.tokenIssuers().isEmpty() ? WlcgTokens.none()
                : WlcgTokens.start(config.tokenIssuers(), config.keyFetching(),
                        IssuerTrust.socketFactory(config.grid().caDirectory()), clock);
        Duration maxLifetime = config.macaroons().maxLifetime().orElse(DevEnvironment.MAX_LIFETIME);
        // Last: a door that shares its secrets joins the others only once everything else is known to work.
        Optional<ZooKeeperSettings> zookeeper = config.zookeeperSettings(maxLifetime);
        SharedState sharing;
        SecretStore secrets;
        // Revocations live where the secrets do: in ZooKeeper, or in the file beside the secrets file.
        Revocations revocations;
        if (zookeeper.isPresent()) {
            ZooKeeperState shared;
            try {
                shared = ZooKeeperState.start(zookeeper.get(), clock,
                        config.host() + ":" + config.listen().port());
            } catch (IOException e) {
                throw new ConfigException("zookeeper: " + e.getMessage(), e);
            }
            sharing = shared;
            secrets = shared.store();
            revocations = shared.revocations();
        } else {
            secrets = SecretStore.openOrCreate(config.macaroons().secretFile(), clock);
            sharing = SharedState.file(secrets);
            revocations = Revocations.open(Revocations.besideSecrets(config.macaroons().secretFile()), clock);
        }
        return new DoorServices(
                tls,
                trust,
                config.grid().caDirectory(),
                storage,
                secrets,
                revocations,
                policy,
                config.limitedProxies(),
                config.anonymousAreas(),
                config.remotePolicy(),
                config.macaroons().defaultLifetime().orElse(DevEnvironment.DEFAULT_LIFETIME),
                maxLifetime,
                clock,
                tokens,
                config.accessLogFormat(),
                config.doorLimits(),
                sharing,
                config.storage().root(),
                config.proxyProtocolFrom());
    }

    /** Checked here because the TLS library reports a missing file as an invalid argument, with a stack trace. */
    private static void requireReadable(Path file, String key) throws ConfigException {
        if (!Files.isReadable(file)) {
            throw new ConfigException(key + ": cannot read " + file);
        }
    }
}
