package org.gridgate.certs;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * When the door's credentials stop working: its host certificate's notAfter, each CA certificate's in the CA
 * directory, and each CRL's nextUpdate (after which canl refuses every chain from that CA until fetch-crl runs).
 * For metrics, alerts and the status page; a file that does not parse is skipped here (start-up and the trust
 * store report those).
 *
 * @param kind     what expires
 * @param file     the file's name ({@code hostcert.pem}, {@code 1b2c3d4e.0}, {@code 1b2c3d4e.r0})
 * @param subject  the certificate's subject or the CRL's issuer, in OpenSSL slash form
 * @param notAfter the certificate's notAfter, or the CRL's nextUpdate
 */
public record CredentialExpiry(Kind kind, String file, String subject, Instant notAfter) {

    /** What expires. */
    public enum Kind {
        HOST("host"), CA("ca"), CRL("crl");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    private static final Pattern CA_FILE = Pattern.compile("[0-9a-f]{8}\\.[0-9]+");
    private static final Pattern CRL_FILE = Pattern.compile("[0-9a-f]{8}\\.r[0-9]+");

    /** The host certificate (its first certificate) and everything in the hashed CA directory, soonest first. */
    public static List<CredentialExpiry> scan(Path hostCertificate, Path caDirectory) {
        List<CredentialExpiry> found = new ArrayList<>();
        try {
            CertificateFactory x509 = CertificateFactory.getInstance("X.509");
            certificate(x509, hostCertificate).ifPresent(c -> found.add(of(Kind.HOST, hostCertificate, c)));
            try (DirectoryStream<Path> files = Files.newDirectoryStream(caDirectory)) {
                for (Path file : files) {
                    String name = file.getFileName().toString();
                    if (CA_FILE.matcher(name).matches()) {
                        certificate(x509, file).ifPresent(c -> found.add(of(Kind.CA, file, c)));
                    } else if (CRL_FILE.matcher(name).matches()) {
                        crl(x509, file).ifPresent(crl -> found.add(new CredentialExpiry(Kind.CRL, name,
                                OpensslNames.slashForm(crl.getIssuerX500Principal()),
                                crl.getNextUpdate().toInstant())));
                    }
                }
            }
        } catch (IOException | GeneralSecurityException e) {
            // an unreadable directory: report what was found; the trust store logs the problem itself
        }
        found.sort(Comparator.comparing(CredentialExpiry::notAfter));
        return found;
    }

    private static CredentialExpiry of(Kind kind, Path file, X509Certificate certificate) {
        return new CredentialExpiry(kind, file.getFileName().toString(),
                OpensslNames.slashForm(certificate.getSubjectX500Principal()), certificate.getNotAfter().toInstant());
    }

    private static Optional<X509Certificate> certificate(CertificateFactory x509, Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return Optional.of((X509Certificate) x509.generateCertificate(in));
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static Optional<X509CRL> crl(CertificateFactory x509, Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            X509CRL crl = (X509CRL) x509.generateCRL(in);
            return crl.getNextUpdate() == null ? Optional.empty() : Optional.of(crl);
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
