package org.gridgate.gateway.config;

import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.gridgate.caveat.MintingPolicy;
import org.gridgate.caveat.PolicyException;
import org.gridgate.caveat.SecretStore;
import org.gridgate.certs.IdentityMapping;
import org.gridgate.gateway.cluster.ZooKeeperCredentials;
import org.gridgate.gateway.cluster.ZooKeeperSettings;
import org.gridgate.gateway.server.TlsSettings;

/**
 * Everything {@code serve} needs from a configuration, checked before anything starts: the file itself, every file
 * it names (with the key it came from), the host key against the certificate, the certificate's dates and names,
 * the CA directory, the policy, the secrets file's permissions and, for {@code config check}, that the ports are
 * free. Every problem is one {@link ConfigProblem} line; all of them are found in one run, so an administrator
 * fixes them in one go.
 */
public final class ConfigCheck {

    private ConfigCheck() {
    }

    /**
     * What {@code config check} and {@code serve} learn about {@code file}.
     *
     * @param config   the configuration, if the file could be read at all
     * @param problems errors and warnings, in the order of the file's sections
     */
    public record Result(Optional<GatewayConfig> config, List<ConfigProblem> problems) {

        public List<ConfigProblem> errors() {
            return problems.stream().filter(problem -> !problem.warning()).toList();
        }

        public List<ConfigProblem> warnings() {
            return problems.stream().filter(ConfigProblem::warning).toList();
        }
    }

    /** Checks {@code file}; {@code ports}: also whether the listeners' ports can be bound now. */
    public static Result run(Path file, Clock clock, boolean ports) {
        KeyLines lines;
        GatewayConfig config;
        try {
            lines = KeyLines.of(file);
            config = GatewayConfig.load(lines);
        } catch (ConfigProblems e) {
            return new Result(Optional.empty(), e.problems());
        }
        List<ConfigProblem> problems = new ArrayList<>();
        Instant now = clock.instant();
        checkTls(config, lines, now, problems);
        CaDirectoryCheck.check(config.grid().caDirectory(), now, lines, problems);
        checkGrid(config.grid(), lines, problems);
        checkStorage(config.storage().root(), lines, problems);
        // With ZooKeeper the secrets and the revocation list live there, and a secrets file is not read: serve
        // reaches ZooKeeper at start-up and says in one line if it cannot.
        if (config.macaroons().secretFile() != null && (config.zookeeper() == null || config.zookeeper().isEmpty())) {
            checkSecrets(config.macaroons().secretFile(), lines, problems);
        }
        checkPolicy(config.policy(), lines, problems);
        checkZooKeeper(config, lines, problems);
        if (ports) {
            checkPort(config.host(), config.listen().port(), "listen.port", lines, problems);
            if (config.metrics() != null && config.metrics().isPresent()) {
                GatewayConfig.Listen metrics = config.metrics().get();
                checkPort(metrics.host() == null ? "127.0.0.1" : metrics.host(), metrics.port(), "metrics.port",
                        lines, problems);
            }
        }
        return new Result(Optional.of(config), List.copyOf(problems));
    }

    private static void checkTls(GatewayConfig config, KeyLines lines, Instant now, List<ConfigProblem> problems) {
        Path certificateFile = config.tls().certificate();
        Path keyFile = config.tls().key();
        boolean certificateReadable = readable(certificateFile, "tls.certificate", "the host certificate", lines,
                problems);
        boolean keyReadable = readable(keyFile, "tls.key", "the host key", lines, problems);
        X509Certificate certificate = null;
        PrivateKey key = null;
        if (certificateReadable) {
            try {
                certificate = HostCredential.certificate(certificateFile);
                HostCertificateCheck.check(certificate, certificateFile.toString(), config.host(), now, lines,
                        problems);
            } catch (ConfigException e) {
                problems.add(lines.error("tls.certificate", afterKey(e.getMessage())));
            }
        }
        if (keyReadable) {
            try {
                key = HostCredential.key(keyFile);
            } catch (ConfigException e) {
                problems.add(lines.error("tls.key", afterKey(e.getMessage())));
            }
        }
        if (certificate != null && key != null && !HostCredential.matches(certificate, key)) {
            problems.add(lines.error("tls.key", HostCredential.mismatch(certificateFile, keyFile, certificate)));
        }
        checkVolunteerTls(config, lines, now, problems);
    }

    /** The volunteers' certificate: readable, with its key, valid now; it is served only for its own names. */
    private static void checkVolunteerTls(GatewayConfig config, KeyLines lines, Instant now,
                                          List<ConfigProblem> problems) {
        Optional<TlsSettings.Volunteers> volunteers = config.tlsSettings().volunteers();
        if (volunteers.isEmpty()) {
            return;
        }
        Path certificateFile = volunteers.get().certificate();
        Path keyFile = volunteers.get().key();
        // Both looked at (no short cut), so one run names every missing file.
        if (!readable(certificateFile, "tls.volunteers.certificate", "the volunteers' certificate", lines, problems)
                | !readable(keyFile, "tls.volunteers.key", "the volunteers' key", lines, problems)) {
            return;
        }
        try {
            X509Certificate certificate = HostCredential.certificate(certificateFile);
            if (now.isAfter(certificate.getNotAfter().toInstant())) {
                problems.add(lines.error("tls.volunteers.certificate", certificateFile + " expired on "
                        + certificate.getNotAfter().toInstant() + "; install a renewed certificate"));
            }
            if (!HostCredential.matches(certificate, HostCredential.key(keyFile))) {
                problems.add(lines.error("tls.volunteers.key",
                        HostCredential.mismatch(certificateFile, keyFile, certificate)));
            }
        } catch (ConfigException e) {
            problems.add(lines.error("tls.volunteers.certificate", afterKey(e.getMessage())));
        }
    }

    private static void checkGrid(GatewayConfig.Grid grid, KeyLines lines, List<ConfigProblem> problems) {
        if (grid.vomsDirectory() != null && grid.vomsDirectory().isPresent()
                && !Files.isDirectory(grid.vomsDirectory().get())) {
            problems.add(lines.error("grid.voms-directory", grid.vomsDirectory().get() + " does not exist; "
                    + "install the VOs' .lsc files there (e.g. the wlcg-voms-* packages), or remove the key to "
                    + "ignore VOMS attributes"));
        }
        Optional<Path> gridMapfile = optionalFile(grid.gridMapfile(), "grid.grid-mapfile",
                "DN-to-account mapping", lines, problems);
        Optional<Path> voRoleMapfile = optionalFile(grid.voRoleMapfile(), "grid.vo-role-mapfile",
                "FQAN-to-account mapping", lines, problems);
        if (gridMapfile.isPresent() || voRoleMapfile.isPresent()) {
            try {
                IdentityMapping.fromFiles(gridMapfile, voRoleMapfile);
            } catch (IOException e) {
                String key = e.getMessage() != null && voRoleMapfile.isPresent()
                        && e.getMessage().contains(voRoleMapfile.get().toString()) ? "grid.vo-role-mapfile"
                        : "grid.grid-mapfile";
                problems.add(lines.error(key, e.getMessage() + "; fix the line it names"));
            }
        }
    }

    /** An optional file that is configured must be there: a typo would otherwise map nobody, silently. */
    private static Optional<Path> optionalFile(Optional<Path> configured, String key, String what, KeyLines lines,
                                               List<ConfigProblem> problems) {
        if (configured == null || configured.isEmpty()) {
            return Optional.empty();
        }
        Path file = configured.get();
        if (!Files.exists(file)) {
            problems.add(lines.error(key, file + " does not exist; create it, or remove the key (it is optional: "
                    + "without it there is no " + what + ")"));
            return Optional.empty();
        }
        return readable(file, key, "it", lines, problems) ? configured : Optional.empty();
    }

    private static void checkStorage(Path root, KeyLines lines, List<ConfigProblem> problems) {
        if (!Files.isDirectory(root)) {
            problems.add(lines.error("storage.root", root + (Files.exists(root) ? " is not a directory"
                    : " does not exist") + "; create the directory, owned by the door's user, or give the one to "
                    + "serve"));
        } else if (!Files.isWritable(root)) {
            problems.add(lines.error("storage.root", root + " is not writable by this user; give the door's user "
                    + "write access (chown or ACL)"));
        }
    }

    private static void checkSecrets(Path file, KeyLines lines, List<ConfigProblem> problems) {
        String key = "macaroons.secret-file";
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            Path parent = file.toAbsolutePath().getParent();
            if (parent == null || !Files.isDirectory(parent)) {
                problems.add(lines.error(key, file + " cannot be created: its directory does not exist; create it"));
            } else if (!Files.isWritable(parent)) {
                problems.add(lines.error(key, file + " does not exist and this user cannot create it in " + parent
                        + "; give the door's user write access there, or create the file with: gateway.jar secrets "
                        + "rotate --secrets " + file));
            }
            return;
        }
        try {
            SecretStore.openOrCreate(file, Clock.systemUTC());
        } catch (IOException | RuntimeException e) {
            problems.add(lines.error(key, e.getMessage()));
        }
    }

    /** The auth file as the door reads it; without one, the secret nodes are open to all ZooKeeper's clients. */
    private static void checkZooKeeper(GatewayConfig config, KeyLines lines, List<ConfigProblem> problems) {
        Optional<ZooKeeperSettings> zookeeper;
        try {
            zookeeper = config.zookeeperSettings(Duration.ofDays(1));
        } catch (IllegalArgumentException e) {
            return; // reported with the rest of the file's values
        }
        if (zookeeper.isEmpty()) {
            return;
        }
        if (zookeeper.get().authFile().isEmpty()) {
            problems.add(lines.warning("zookeeper", "no auth-file: every client that reaches ZooKeeper can read the "
                    + "macaroon secrets; set zookeeper.auth-file (user:password, mode 0600) at every door"));
            return;
        }
        try {
            ZooKeeperCredentials.read(zookeeper.get().authFile().get());
        } catch (IOException e) {
            problems.add(lines.error("zookeeper.auth-file", afterKey(e.getMessage())));
        }
    }

    private static void checkPolicy(Path file, KeyLines lines, List<ConfigProblem> problems) {
        if (!readable(file, "policy", "the minting policy", lines, problems)) {
            return;
        }
        try {
            MintingPolicy.load(file);
        } catch (PolicyException e) {
            problems.add(lines.error("policy", e.getMessage()));
        }
    }

    private static void checkPort(String host, int port, String key, KeyLines lines, List<ConfigProblem> problems) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(host, port));
        } catch (BindException e) {
            String why = e.getMessage() == null ? "" : e.getMessage();
            if (why.contains("ermission")) {
                problems.add(lines.error(key, "port " + port + " needs privileges this user lacks; use a port above "
                        + "1023, or give the door CAP_NET_BIND_SERVICE"));
            } else if (why.contains("ssign")) {
                problems.add(lines.error(key, host + " is not an address of this machine; give one of its "
                        + "addresses, or 0.0.0.0 for all"));
            } else {
                problems.add(lines.error(key, host + ":" + port + " is in use by another process (ss -ltnp "
                        + "'sport = :" + port + "' shows which); stop it or choose another port"));
            }
        } catch (IOException | RuntimeException e) {
            problems.add(lines.error(key, "cannot listen on " + host + ":" + port + " (" + e.getMessage() + ")"));
        }
    }

    private static boolean readable(Path file, String key, String what, KeyLines lines,
                                    List<ConfigProblem> problems) {
        if (!Files.exists(file)) {
            problems.add(lines.error(key, file + " does not exist; give the path of " + what));
            return false;
        }
        if (!Files.isReadable(file) || Files.isDirectory(file)) {
            problems.add(lines.error(key, file + (Files.isDirectory(file) ? " is a directory" : " is not readable "
                    + "by this user") + "; give the path of " + what + ", readable by the door's user"));
            return false;
        }
        return true;
    }

    /** HostCredential's messages start with the key they are about. */
    private static String afterKey(String message) {
        int colon = message.indexOf(": ");
        return colon < 0 ? message : message.substring(colon + 2);
    }
}
