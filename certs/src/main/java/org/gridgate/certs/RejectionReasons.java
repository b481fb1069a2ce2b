package org.gridgate.certs;

import eu.emi.security.authn.x509.ValidationError;
import eu.emi.security.authn.x509.ValidationErrorCategory;
import eu.emi.security.authn.x509.ValidationErrorCode;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Turns canl's validation errors into the short reason a client and an operator both understand. canl's own
 * messages are detailed but long; they are logged, while the reason goes into the exception (and the HTTP answer).
 */
final class RejectionReasons {
    static final String EXPIRED = "certificate expired";
    static final String NOT_YET_VALID = "certificate not yet valid";
    static final String UNKNOWN_CA = "unknown CA";
    static final String REVOKED = "revoked";
    static final String NAMESPACE = "namespace/signing policy violation";
    static final String PROXY_PATH_LENGTH = "proxy path length exceeded";
    static final String BAD_SIGNATURE = "signature does not verify";
    static final String INVALID_PROXY = "invalid proxy chain";
    static final String CRL_PROBLEM = "CRL problem";
    static final String NOT_VALIDATABLE = "certificate chain could not be validated";

    private RejectionReasons() {
    }

    static String describe(List<ValidationError> errors) {
        if (errors.isEmpty()) {
            return "certificate chain not valid";
        }
        Set<String> reasons = new LinkedHashSet<>();
        for (ValidationError error : errors) {
            reasons.add(describe(error));
        }
        return String.join("; ", reasons);
    }

    private static String describe(ValidationError error) {
        ValidationErrorCode code = error.getErrorCode();
        switch (code) {
            case certificateExpired:
                return EXPIRED;
            case certificateNotYetValid:
                return NOT_YET_VALID;
            case noTrustAnchorFound:
            case noIssuerPublicKey:
            case trustButInvalidCert:
                return UNKNOWN_CA;
            case certRevoked:
            case ocspCertRevoked:
                return REVOKED;
            case nsUndefinedAndRequired:
            case nsDeny:
            case nsNotAccepted:
                return NAMESPACE;
            case proxyLength:
                return PROXY_PATH_LENGTH;
            case signatureNotVerified:
                return BAD_SIGNATURE;
            default:
                break;
        }
        ValidationErrorCategory category = error.getErrorCategory();
        if (category == ValidationErrorCategory.INCONSISTENT_PROXY_CHAIN
                || category == ValidationErrorCategory.INVALID_PROXY_CERT) {
            return INVALID_PROXY;
        }
        if (category == ValidationErrorCategory.NAMESPACE) {
            return NAMESPACE;
        }
        if (category == ValidationErrorCategory.CRL) {
            return CRL_PROBLEM;
        }
        return error.getMessage();
    }
}
