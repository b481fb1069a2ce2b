package org.gridgate.certs;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A throwaway PKI for dev mode and tests, made with Bouncy Castle: a CA in hashed layout
 * ({@code certificates/<hash>.0}, {@code <hash>.signing_policy}, {@code <hash>.namespaces}, {@code <hash>.r0}), a host
 * certificate for localhost/127.0.0.1/::1, a user certificate and an RFC 3820 proxy of it.
 *
 * <p>Layout under {@code dir}: {@code certificates/}, {@code ca/ca.key}, {@code ca/ca.pem}, {@code host/hostcert.pem},
 * {@code host/hostkey.pem}, {@code user/usercert.pem}, {@code user/userkey.pem}, {@code user-proxy.pem}.
 * Keys are unencrypted PKCS#8 PEM, mode 0600.
 *
 * <p>Extra credentials for tests come from {@link #certificateAuthority()} (issue users and hosts, revoke) and
 * {@link #user()} (make proxies of any kind).
 */
public final class DevPki {
    public static final String CA_DN = "/DC=org/DC=example/CN=GridGate Dev CA";
    public static final String USER_DN = "/DC=org/DC=example/CN=Dev User";
    public static final String HOST_NAME = "localhost";

    private static final Logger LOG = LoggerFactory.getLogger(DevPki.class);
    private static final Duration CA_VALIDITY = Duration.ofDays(3650);
    private static final Duration END_ENTITY_VALIDITY = Duration.ofDays(825);
    private static final Duration PROXY_LIFETIME = Duration.ofHours(12);
    /** Anything closer to its end than this is replaced, so a dev session never hits an expiry halfway. */
    private static final Duration MINIMUM_REMAINING_CERTIFICATE = Duration.ofDays(1);
    private static final Duration MINIMUM_REMAINING_PROXY = Duration.ofHours(1);

    private final Path dir;
    private final CertificateAuthority ca;
    private final GridCredential host;
    private final GridCredential user;
    private final GridCredential proxy;

    private DevPki(Path dir, CertificateAuthority ca, GridCredential host, GridCredential user, GridCredential proxy) {
        this.dir = dir;
        this.ca = ca;
        this.host = host;
        this.user = user;
        this.proxy = proxy;
    }

    /** Reuses whatever is already in {@code dir} and still valid, and makes the rest (an expired proxy is renewed). */
    public static DevPki createOrReuse(Path dir) throws IOException {
        Files.createDirectories(dir);
        // Several test JVMs may share one dev PKI directory: make them take turns.
        try (FileChannel channel = FileChannel.open(dir.resolve(".devpki.lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE);
             FileLock lock = channel.lock()) {
            return createOrReuseLocked(dir.toAbsolutePath());
        }
    }

    private static DevPki createOrReuseLocked(Path dir) throws IOException {
        Path caCert = dir.resolve("ca/ca.pem");
        Path caKey = dir.resolve("ca/ca.key");
        Optional<CertificateAuthority> existingCa = readIfPresent(() -> CertificateAuthority.read(caCert, caKey))
                .filter(ca -> remains(ca.certificate(), MINIMUM_REMAINING_CERTIFICATE));
        CertificateAuthority ca = existingCa.orElseGet(() -> {
            LOG.info("Making a new dev CA {} in {}", CA_DN, dir);
            return CertificateAuthority.create(CA_DN, CA_VALIDITY);
        });
        if (existingCa.isEmpty()) {
            ca.write(caCert, caKey);
            // A new CA key invalidates the old CRL even though it has the same file name.
            Files.deleteIfExists(dir.resolve("certificates").resolve(
                    OpensslNames.subjectHash(ca.certificate().getSubjectX500Principal()) + ".r0"));
        }
        ca.install(dir.resolve("certificates"));

        GridCredential host = endEntity(ca, dir.resolve("host/hostcert.pem"), dir.resolve("host/hostkey.pem"),
                () -> ca.issueHost(HOST_NAME, END_ENTITY_VALIDITY, true));
        GridCredential user = endEntity(ca, dir.resolve("user/usercert.pem"), dir.resolve("user/userkey.pem"),
                () -> ca.issueUser(USER_DN, END_ENTITY_VALIDITY));

        Path proxyFile = dir.resolve("user-proxy.pem");
        Optional<GridCredential> existingProxy = readIfPresent(() -> GridCredential.read(proxyFile))
                .filter(p -> p.chain().size() == 2 && p.chain().get(1).equals(user.certificate()))
                .filter(p -> remains(p.certificate(), MINIMUM_REMAINING_PROXY));
        GridCredential proxy = existingProxy.orElse(null);
        if (proxy == null) {
            proxy = user.proxy(ProxySpec.rfc3820(PROXY_LIFETIME));
            proxy.write(proxyFile);
        }
        return new DevPki(dir, ca, host, user, proxy);
    }

    private static GridCredential endEntity(CertificateAuthority ca, Path certificateFile, Path keyFile,
                                            IssueAction issue) throws IOException {
        Optional<GridCredential> existing = readIfPresent(() -> GridCredential.read(certificateFile, keyFile))
                .filter(c -> ca.issued(c.certificate()))
                .filter(c -> remains(c.certificate(), MINIMUM_REMAINING_CERTIFICATE));
        if (existing.isPresent()) {
            return existing.get();
        }
        GridCredential fresh = issue.issue();
        fresh.write(certificateFile, keyFile);
        return fresh;
    }

    private static boolean remains(X509Certificate certificate, Duration atLeast) {
        return certificate.getNotAfter().toInstant().isAfter(Instant.now().plus(atLeast));
    }

    private static <T> Optional<T> readIfPresent(Reader<T> reader) {
        try {
            return Optional.of(reader.read());
        } catch (IOException | RuntimeException e) {
            // Missing or unreadable: it will be made anew.
            return Optional.empty();
        }
    }

    @FunctionalInterface
    private interface Reader<T> {
        T read() throws IOException;
    }

    @FunctionalInterface
    private interface IssueAction {
        GridCredential issue();
    }

    /** The hashed CA directory ({@code dir/certificates}), to pass as {@code --capath} or to {@link GridTrust#open}. */
    public Path caDirectory() {
        return dir.resolve("certificates");
    }

    public Path caCertificate() {
        return dir.resolve("ca/ca.pem");
    }

    public Path hostCertificate() {
        return dir.resolve("host/hostcert.pem");
    }

    public Path hostKey() {
        return dir.resolve("host/hostkey.pem");
    }

    public Path userCertificate() {
        return dir.resolve("user/usercert.pem");
    }

    public Path userKey() {
        return dir.resolve("user/userkey.pem");
    }

    /** Proxy certificate, its key, user certificate: {@code curl -E}, {@code X509_USER_PROXY}, canl PEMCredential. */
    public Path userProxy() {
        return dir.resolve("user-proxy.pem");
    }

    /** The user certificate's DN in OpenSSL slash form. */
    public String userDn() {
        return user.dn();
    }

    /** The dev CA, to issue more users and hosts or revoke them in {@link #caDirectory()}. */
    public CertificateAuthority certificateAuthority() {
        return ca;
    }

    public GridCredential host() {
        return host;
    }

    /** The user credential, to make proxies of any type, lifetime or depth. */
    public GridCredential user() {
        return user;
    }

    public GridCredential proxy() {
        return proxy;
    }
}
