package org.gridgate.gateway.config;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.gridgate.caveat.MintingPolicy;
import org.gridgate.caveat.Revocations;
import org.gridgate.caveat.SecretStore;
import org.gridgate.certs.DevPki;
import org.gridgate.certs.GridTrust;
import org.gridgate.certs.IdentityMapping;
import org.gridgate.gateway.authz.AnonymousAccess;
import org.gridgate.gateway.authz.LimitedProxyPolicy;
import org.gridgate.gateway.server.DoorServices;
import org.gridgate.gateway.server.TlsSettings;
import org.gridgate.gateway.token.WlcgTokens;
import org.gridgate.gateway.tpc.RemotePolicy;
import org.gridgate.storage.PosixStorage;

/**
 * The embedded default ({@code gateway.jar dev}): everything a door needs, made under one directory and reused on
 * the next start. The dev CA key lies beside the rest, which is why this is for a developer's machine only.
 */
public final class DevEnvironment {

    public static final Duration DEFAULT_LIFETIME = Duration.ofDays(1);
    public static final Duration MAX_LIFETIME = Duration.ofDays(7);
    /**
     * A dev door copies to and from other doors on the same machine, and to itself (gfal-copy between two URLs of
     * one door), so loopback is allowed explicitly; everything else keeps the production defaults.
     */
    public static final RemotePolicy REMOTES = RemotePolicy.of(true, List.of("127.0.0.0/8", "::1"), List.of());

    private final Path dir;
    private final DevPki pki;

    private DevEnvironment(Path dir, DevPki pki) {
        this.dir = dir;
        this.pki = pki;
    }

    public static DevEnvironment prepare(Path dir) throws IOException {
        Path absolute = dir.toAbsolutePath().normalize();
        Files.createDirectories(absolute.resolve("data"));
        return new DevEnvironment(absolute, DevPki.createOrReuse(absolute));
    }

    public DoorServices services(Clock clock) throws IOException {
        return services(clock, Optional.empty(), LimitedProxyPolicy.DOWNLOAD_ONLY, AnonymousAccess.none());
    }

    /**
     * A dev door that may also verify VOMS attributes against {@code vomsDirectory} and let clients without
     * credentials into {@code anonymous} areas.
     */
    public DoorServices services(Clock clock, Optional<Path> vomsDirectory, LimitedProxyPolicy limitedProxies,
                                 AnonymousAccess anonymous) throws IOException {
        return services(clock, vomsDirectory, limitedProxies, anonymous, REMOTES);
    }

    /** As above, with third-party copies limited by {@code remotes} instead of {@link #REMOTES}. */
    public DoorServices services(Clock clock, Optional<Path> vomsDirectory, LimitedProxyPolicy limitedProxies,
                                 AnonymousAccess anonymous, RemotePolicy remotes) throws IOException {
        GridTrust trust = GridTrust.open(pki.caDirectory(), vomsDirectory, IdentityMapping.none());
        StaleUploadSweeper.startInBackground(dir.resolve("data"));
        return new DoorServices(
                new TlsSettings(pki.hostCertificate(), pki.hostKey(), TlsSettings.Provider.AUTO),
                trust,
                pki.caDirectory(),
                PosixStorage.open(dir.resolve("data")),
                SecretStore.openOrCreate(secretsFile(), clock),
                Revocations.open(Revocations.besideSecrets(secretsFile()), clock),
                MintingPolicy.permissiveDev(),
                limitedProxies,
                anonymous,
                remotes,
                DEFAULT_LIFETIME, MAX_LIFETIME, clock, WlcgTokens.none());
    }

    public Path directory() {
        return dir;
    }

    public DevPki pki() {
        return pki;
    }

    /** The macaroon secrets of the dev door, for {@code gateway.jar inspect --secrets} and {@code secrets}. */
    public Path secretsFile() {
        return dir.resolve("macaroon-secrets");
    }

    /** Prints the ATLAS@Work loop as commands a user can paste: request, upload, request again, download. */
    public void printWelcome(PrintWriter out, int port) {
        String url = "https://localhost:" + port;
        String extract = "sed -n 's/.*\"macaroon\" *: *\"\\([^\"]*\\)\".*/\\1/p'";
        out.println();
        out.println("GridGate dev door. Storage root: " + dir.resolve("data"));
        out.println("Dev CA directory: " + pki.caDirectory() + "   user proxy: " + pki.userProxy()
                + " (" + pki.userDn() + ")");
        out.println();
        out.println("Paste these into another shell:");
        out.println("  D=" + dir);
        out.println("  proxy=$D/user-proxy.pem");
        out.println("  # 1. the compute element asks for an UPLOAD macaroon with its proxy");
        out.println("  curl -E $proxy --cacert $proxy --capath $D/certificates -sH "
                + "'Content-Type:application/macaroon-request' -X POST "
                + "-d '{\"caveats\":[\"activity:UPLOAD\"],\"validity\":\"PT24H\"}' " + url + "/atlas/out/file1");
        // DELETE too: replacing the file a run before left there needs it, so the commands can be pasted again.
        out.println("  M=$(curl -E $proxy --capath $D/certificates -sH 'Content-Type:application/macaroon-request' "
                + "-X POST -d '{\"caveats\":[\"activity:UPLOAD,DELETE\"],\"validity\":\"PT24H\"}' " + url
                + "/atlas/out/file1 | " + extract + ")");
        out.println("  # 2. the desktop uploads with the macaroon only (no certificate)");
        out.println("  echo 'hello from a desktop' > $D/file1");
        out.println("  curl --capath $D/certificates -H \"Authorization: Bearer $M\" -T $D/file1 "
                + url + "/atlas/out/file1");
        out.println("  # 3. a DOWNLOAD macaroon, and the download");
        out.println("  R=$(curl -E $proxy --capath $D/certificates -sH 'Content-Type:application/macaroon-request' "
                + "-X POST -d '{\"caveats\":[\"activity:DOWNLOAD\"]}' " + url + "/atlas/out/file1 | " + extract + ")");
        out.println("  curl --capath $D/certificates \"" + url + "/atlas/out/file1?authz=$R\"");
        out.println();
    }
}
