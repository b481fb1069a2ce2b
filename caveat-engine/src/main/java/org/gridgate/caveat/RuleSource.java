package org.gridgate.caveat;

import java.util.Optional;

/**
 * Where the issuer finds the policy rule for a requester: {@link MintingPolicy#ruleFor} in the door, a fixed rule
 * in tests. Empty means the requester may mint nothing.
 */
@FunctionalInterface
public interface RuleSource {
    Optional<PolicyRule> ruleFor(Requester requester);
}
