package org.gridgate.certs;

import java.util.List;
import java.util.Optional;

/**
 * Maps a DN and its FQANs to a local account, from a grid-mapfile and a VO/FQAN mapping file in the formats sites
 * already use.
 */
public final class IdentityMapping {

    private IdentityMapping() {
    }

    /** Maps nobody: identities carry no local account. */
    public static IdentityMapping none() {
        return new IdentityMapping();
    }

    public Optional<LocalAccount> map(String dn, List<String> fqans) {
        return Optional.empty();
    }
}
