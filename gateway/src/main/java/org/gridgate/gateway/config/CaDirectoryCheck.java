package org.gridgate.gateway.config;

import eu.emi.security.authn.x509.helpers.trust.OpensslTruststoreHelper;
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
import java.util.List;

/**
 * The CA directory ({@code grid.ca-directory}) in the {@code /etc/grid-security/certificates} layout: CA certificates
 * as {@code <subject hash>.0}, their CRLs as {@code <hash>.r0}. Without a single CA no client certificate is
 * accepted, and a CA under the wrong hash name is never found. A CRL past its next update is ignored by the door
 * (so that a lagging fetch-crl does not lock every client out), which means revocations it lists go unnoticed:
 * reported as a warning.
 */
final class CaDirectoryCheck {

    private CaDirectoryCheck() {
    }

    static void check(Path directory, Instant now, KeyLines lines, List<ConfigProblem> problems) {
        String key = "grid.ca-directory";
        if (!Files.isDirectory(directory)) {
            problems.add(lines.error(key, directory + " does not exist; install the IGTF CA certificates there "
                    + "(e.g. the ca-policy-egi-core package, then fetch-crl) or give the directory they are in"));
            return;
        }
        int anchors = 0;
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                if (name.matches("[0-9a-f]{8}\\.\\d+")) {
                    anchors += checkAnchor(entry, name, now, lines, problems) ? 1 : 0;
                } else if (name.matches("[0-9a-f]{8}\\.r\\d+")) {
                    checkCrl(entry, now, lines, problems);
                }
            }
        } catch (IOException e) {
            problems.add(lines.error(key, "cannot list " + directory + " (" + e.getMessage() + "); let the door's "
                    + "user read it"));
            return;
        }
        if (anchors == 0) {
            problems.add(lines.error(key, directory + " holds no CA certificate named <subject hash>.0; install "
                    + "the CA certificates there (c_rehash or openssl rehash names them)"));
        }
    }

    private static boolean checkAnchor(Path file, String name, Instant now, KeyLines lines,
                                       List<ConfigProblem> problems) {
        X509Certificate ca;
        try (InputStream in = Files.newInputStream(file)) {
            ca = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            problems.add(lines.warning("grid.ca-directory", file + " is not a PEM certificate; remove it or "
                    + "replace it with the CA's certificate"));
            return false;
        }
        String hash = name.substring(0, name.indexOf('.'));
        String expected = OpensslTruststoreHelper.getOpenSSLCAHash(ca.getSubjectX500Principal(), true);
        String old = OpensslTruststoreHelper.getOpenSSLCAHash(ca.getSubjectX500Principal(), false);
        if (!hash.equals(expected) && !hash.equals(old)) {
            problems.add(lines.warning("grid.ca-directory", file + " holds " + ca.getSubjectX500Principal().getName()
                    + ", whose subject hash is " + expected + ", so it is never found; run openssl rehash "
                    + file.getParent()));
            return false;
        }
        if (now.isAfter(ca.getNotAfter().toInstant())) {
            problems.add(lines.warning("grid.ca-directory", file + " (" + ca.getSubjectX500Principal().getName()
                    + ") expired on " + ca.getNotAfter().toInstant() + "; update the CA certificates"));
        }
        return true;
    }

    private static void checkCrl(Path file, Instant now, KeyLines lines, List<ConfigProblem> problems) {
        X509CRL crl;
        try (InputStream in = Files.newInputStream(file)) {
            crl = (X509CRL) CertificateFactory.getInstance("X.509").generateCRL(in);
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            problems.add(lines.warning("grid.ca-directory", file + " is not a CRL; run fetch-crl"));
            return;
        }
        if (crl.getNextUpdate() != null && now.isAfter(crl.getNextUpdate().toInstant())) {
            problems.add(lines.warning("grid.ca-directory", "the CRL " + file + " of "
                    + crl.getIssuerX500Principal().getName() + " is stale (next update was due "
                    + crl.getNextUpdate().toInstant() + "), so the door ignores it; run fetch-crl (and keep its "
                    + "cron job or timer running)"));
        }
    }
}
