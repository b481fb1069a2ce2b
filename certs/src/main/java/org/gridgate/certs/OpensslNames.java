package org.gridgate.certs;

import eu.emi.security.authn.x509.helpers.trust.OpensslTruststoreHelper;
import eu.emi.security.authn.x509.impl.OpensslNameUtils;
import javax.security.auth.x500.X500Principal;

/** The OpenSSL views of a distinguished name: slash form and the subject hashes used as CA file names. */
final class OpensslNames {
    private OpensslNames() {
    }

    /** {@code /DC=org/DC=example/CN=Dev User}: the form grid-mapfiles, LSC files and signing policies use. */
    static String slashForm(X500Principal name) {
        return OpensslNameUtils.convertFromRfc2253(name.getName(), false);
    }

    static X500Principal fromSlashForm(String dn) {
        return new X500Principal(OpensslNameUtils.opensslToRfc2253(dn));
    }

    /** {@code openssl x509 -subject_hash} (OpenSSL >= 1.0). */
    static String subjectHash(X500Principal name) {
        return OpensslTruststoreHelper.getOpenSSLCAHash(name, true);
    }

    /** {@code openssl x509 -subject_hash_old} (MD5 based), still looked up by old Globus tools. */
    static String oldSubjectHash(X500Principal name) {
        return OpensslTruststoreHelper.getOpenSSLCAHash(name, false);
    }
}
