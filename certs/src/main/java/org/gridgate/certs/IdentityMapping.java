package org.gridgate.certs;

import java.util.List;
import java.util.Optional;

/**
 * Maps a DN and its FQANs to a local account, from a grid-mapfile and a VO/FQAN mapping file in the formats sites
 * already use.
 *
 * <p>STUB: the certs implementation replaces the body.
 */
public final class IdentityMapping {

    public static IdentityMapping none() {
        throw new UnsupportedOperationException("stub");
    }

    public Optional<LocalAccount> map(String dn, List<String> fqans) {
        throw new UnsupportedOperationException("stub");
    }
}
