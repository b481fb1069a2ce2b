package org.gridgate.certs;

import java.util.List;
import java.util.Optional;

/** The VOMS attributes that passed verification: the VO of the first valid AC and the FQANs of all valid ACs, primary first. */
record VomsAttributes(Optional<String> vo, List<String> fqans) {
    static final VomsAttributes NONE = new VomsAttributes(Optional.empty(), List.of());

    VomsAttributes {
        fqans = List.copyOf(fqans);
    }
}
