package org.gridgate.gateway.config;

import eu.emi.security.authn.x509.impl.CertificateUtils;
import eu.emi.security.authn.x509.impl.CertificateUtils.Encoding;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.X509Certificate;

/**
 * Checks at start-up that the host key belongs to the host certificate. A mismatch is otherwise silent: the door
 * listens, and every client fails its handshake with "tlsv1 alert internal error" while the door logs nothing.
 */
final class HostCredential {

    private HostCredential() {
    }

    /** Signs a random challenge with the key and verifies it with the certificate's public key. */
    static void requireMatchingKey(Path certificateFile, Path keyFile) throws ConfigException {
        X509Certificate certificate = certificate(certificateFile);
        PrivateKey key = key(keyFile);
        if (!signsFor(key, certificate.getPublicKey())) {
            throw new ConfigException("tls.key: " + mismatch(certificateFile, keyFile, certificate));
        }
    }

    /** The certificate in {@code file}; the message names {@code tls.certificate} and says why not. */
    static X509Certificate certificate(Path file) throws ConfigException {
        try (InputStream in = Files.newInputStream(file)) {
            return CertificateUtils.loadCertificate(in, Encoding.PEM);
        } catch (IOException | RuntimeException e) {
            throw new ConfigException("tls.certificate: " + file + " is not a PEM certificate (" + e.getMessage()
                    + "); give the host certificate (hostcert.pem)");
        }
    }

    /** The private key in {@code file}; the message names {@code tls.key} and says why not. */
    static PrivateKey key(Path file) throws ConfigException {
        try (InputStream in = Files.newInputStream(file)) {
            return CertificateUtils.loadPrivateKey(in, Encoding.PEM, null);
        } catch (IOException | RuntimeException e) {
            throw new ConfigException("tls.key: " + file + " is not an unencrypted PEM private key ("
                    + e.getMessage() + "); give the host key (hostkey.pem), decrypted");
        }
    }

    /** Whether {@code key} is the private half of {@code certificate}'s public key. */
    static boolean matches(X509Certificate certificate, PrivateKey key) {
        return signsFor(key, certificate.getPublicKey());
    }

    static String mismatch(Path certificateFile, Path keyFile, X509Certificate certificate) {
        return keyFile + " does not belong to tls.certificate " + certificateFile + " ("
                + certificate.getSubjectX500Principal().getName() + "); configure the key the certificate was issued"
                + " for";
    }

    private static boolean signsFor(PrivateKey key, PublicKey publicKey) {
        String algorithm = switch (publicKey.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            case "Ed25519", "EdDSA" -> "Ed25519";
            default -> null;
        };
        if (algorithm == null || !algorithm.startsWith(algorithmFamily(key))) {
            return algorithm == null;   // a key type this check does not know is left to the TLS library
        }
        try {
            byte[] challenge = new byte[32];
            new SecureRandom().nextBytes(challenge);
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(challenge);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(publicKey);
            verifier.update(challenge);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    /** The prefix of the signature algorithm names that fit this key: "SHA256withRSA" for an RSA key, and so on. */
    private static String algorithmFamily(PrivateKey key) {
        return switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC", "ECDSA" -> "SHA256withECDSA";
            case "Ed25519", "EdDSA" -> "Ed25519";
            default -> key.getAlgorithm();
        };
    }
}
