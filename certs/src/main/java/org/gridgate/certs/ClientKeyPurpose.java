package org.gridgate.certs;

import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;

/**
 * The extended key usage rule for the identity certificate (the end-entity certificate of the chain, i.e. the one a
 * proxy was made from). canl does not check key purposes, so a host certificate (serverAuth only) would otherwise be
 * accepted as a client. Rule: if the certificate has an extendedKeyUsage extension it must allow clientAuth (or
 * anyExtendedKeyUsage); without the extension any purpose is allowed (RFC 5280), as many older user certificates lack it.
 */
final class ClientKeyPurpose {
    static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";
    static final String ANY_EXTENDED_KEY_USAGE = "2.5.29.37.0";
    static final String NOT_FOR_CLIENTS = "certificate not for client authentication (extended key usage lacks clientAuth)";

    private ClientKeyPurpose() {
    }

    /** Empty when {@code identityCertificate} may authenticate a client, else the reason it may not. */
    static Optional<String> violation(X509Certificate identityCertificate) {
        List<String> purposes;
        try {
            purposes = identityCertificate.getExtendedKeyUsage();
        } catch (CertificateParsingException e) {
            return Optional.of("unreadable extended key usage: " + e.getMessage());
        }
        if (purposes == null || purposes.contains(CLIENT_AUTH) || purposes.contains(ANY_EXTENDED_KEY_USAGE)) {
            return Optional.empty();
        }
        return Optional.of(NOT_FOR_CLIENTS);
    }
}
