package org.gridgate.caveat.policy;

import java.util.Objects;
import java.util.Optional;
import org.gridgate.caveat.Requester;

/**
 * The {@code match} block of a rule: every condition present must hold. The VOMS conditions (vo, group, role)
 * must all hold for one and the same FQAN, because VOMS grants a role within a group: holding
 * {@code /atlas/Role=production} and {@code /atlas/atlaswork} does not make anyone production in atlaswork.
 */
record RequesterMatch(Optional<DnPattern> dn, Optional<String> vo, Optional<String> group, Optional<String> role) {

    static final RequesterMatch ANYONE =
            new RequesterMatch(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());

    RequesterMatch {
        Objects.requireNonNull(dn);
        Objects.requireNonNull(vo);
        Objects.requireNonNull(group);
        Objects.requireNonNull(role);
    }

    /** Who matches, for people: {@code anyone}, or the conditions. */
    String describe() {
        if (dn.isEmpty() && vo.isEmpty() && group.isEmpty() && role.isEmpty()) {
            return "anyone";
        }
        String voms = vomsConditions();
        return dn.map(d -> "DN " + d + (voms.isEmpty() ? "" : ", ")).orElse("") + voms;
    }

    /** Why {@code requester} does not match, or empty when it does. */
    Optional<String> mismatch(Requester requester) {
        if (dn.isPresent() && !dn.get().matches(requester.dn())) {
            return Optional.of("DN does not match " + dn.get());
        }
        if (vo.isEmpty() && group.isEmpty() && role.isEmpty()) {
            return Optional.empty();
        }
        boolean anyFqanMatches = requester.fqans().stream()
                .map(Fqan::parse)
                .flatMap(Optional::stream)
                .anyMatch(this::matchesFqan);
        return anyFqanMatches ? Optional.empty() : Optional.of("no verified FQAN with " + vomsConditions());
    }

    private boolean matchesFqan(Fqan fqan) {
        return vo.map(fqan.vo()::equals).orElse(true)
                && group.map(fqan.group()::equals).orElse(true)
                && role.map(wanted -> fqan.role().map(wanted::equals).orElse(false)).orElse(true);
    }

    private String vomsConditions() {
        StringBuilder text = new StringBuilder();
        vo.ifPresent(v -> text.append("vo ").append(v));
        group.ifPresent(g -> text.append(text.isEmpty() ? "" : ", ").append("group ").append(g));
        role.ifPresent(r -> text.append(text.isEmpty() ? "" : ", ").append("role ").append(r));
        return text.toString();
    }
}
