package org.gridgate.caveat.policy;

import java.util.Optional;

/**
 * A VOMS FQAN taken apart: {@code /atlas/atlaswork/Role=production/Capability=NULL} is VO {@code atlas},
 * group {@code /atlas/atlaswork}, role {@code production}. {@code Role=NULL} means no role.
 */
record Fqan(String vo, String group, Optional<String> role) {

    private static final String ROLE = "Role=";
    private static final String CAPABILITY = "Capability=";
    private static final String NO_ROLE = "NULL";

    /** The parts of {@code fqan}, or empty when it is malformed; a malformed FQAN then matches no rule. */
    static Optional<Fqan> parse(String fqan) {
        if (fqan == null || !fqan.startsWith("/")) {
            return Optional.empty();
        }
        StringBuilder group = new StringBuilder();
        Optional<String> role = Optional.empty();
        boolean inAttributes = false;
        for (String segment : fqan.substring(1).split("/", -1)) {
            if (segment.isEmpty()) {
                return Optional.empty();
            }
            if (segment.startsWith(ROLE)) {
                String value = segment.substring(ROLE.length());
                if (inAttributes || value.isEmpty()) {
                    return Optional.empty();
                }
                role = value.equals(NO_ROLE) ? Optional.empty() : Optional.of(value);
                inAttributes = true;
            } else if (segment.startsWith(CAPABILITY)) {
                inAttributes = true;
            } else if (inAttributes) {
                // A group segment after Role= or Capability= is not an FQAN VOMS would issue.
                return Optional.empty();
            } else {
                group.append('/').append(segment);
            }
        }
        if (group.isEmpty()) {
            return Optional.empty();
        }
        String vo = group.substring(1).split("/", 2)[0];
        return Optional.of(new Fqan(vo, group.toString(), role));
    }
}
