package org.gridgate.certs;

import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;

/**
 * A client authenticated by its X.509 certificate or proxy chain.
 *
 * @param dn           the end-entity subject in OpenSSL slash form: {@code /DC=org/DC=example/CN=Test User}
 * @param fqans        VOMS FQANs from a verified attribute certificate, primary first; empty without VOMS
 * @param vo           the VO of the verified attribute certificate, if any
 * @param limitedProxy whether the chain contains a limited proxy
 * @param localAccount the local account this identity maps to, if the site configured a mapping
 * @param chain        the chain as presented, proxy first
 */
public record GridIdentity(String dn, List<String> fqans, Optional<String> vo, boolean limitedProxy,
                           Optional<LocalAccount> localAccount, List<X509Certificate> chain) {
    public GridIdentity {
        fqans = List.copyOf(fqans);
        chain = List.copyOf(chain);
    }
}
