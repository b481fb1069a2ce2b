package org.gridgate.certs;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The VOMS attributes that passed verification: the VO of the first valid AC and the FQANs of all valid ACs,
 * primary first, and when the first of those ACs expires (empty without any).
 */
record VomsAttributes(Optional<String> vo, List<String> fqans, Optional<Instant> validUntil) {
    static final VomsAttributes NONE = new VomsAttributes(Optional.empty(), List.of(), Optional.empty());

    VomsAttributes {
        fqans = List.copyOf(fqans);
    }
}
