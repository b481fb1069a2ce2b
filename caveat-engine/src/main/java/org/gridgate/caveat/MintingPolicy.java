package org.gridgate.caveat;

import java.nio.file.Path;

/**
 * The site's rules for who may mint what, and what an X.509 user may do directly. Ordered rules matched on DN,
 * VO, VOMS group and role; the first rule that matches decides; no matching rule means no rights.
 *
 * <p>STUB: the caveat-engine implementation replaces the body.
 */
public final class MintingPolicy {

    /** Loads and checks a policy file (YAML); a bad file fails here, at start-up, with a message naming the line. */
    public static MintingPolicy load(Path yamlFile) throws PolicyException {
        throw new UnsupportedOperationException("stub");
    }

    /** The dev-mode policy: anyone the CA directory trusts may do anything anywhere, for up to 7 days. */
    public static MintingPolicy permissiveDev() {
        throw new UnsupportedOperationException("stub");
    }

    /** The first rule that matches {@code requester}; empty means it may mint nothing and do nothing. */
    public java.util.Optional<PolicyRule> ruleFor(Requester requester) {
        throw new UnsupportedOperationException("stub");
    }

    /**
     * Whether {@code requester}, authenticated with X.509 and without a macaroon, may perform {@code activity}
     * on {@code storagePath} directly.
     */
    public boolean permitsDirect(Requester requester, Activity activity, String storagePath) {
        throw new UnsupportedOperationException("stub");
    }
}
