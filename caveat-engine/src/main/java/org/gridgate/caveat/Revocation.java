package org.gridgate.caveat;

import java.time.Instant;
import java.util.Objects;

/**
 * One entry of the revocation list: which macaroons it refuses, when it was made, and when it can be dropped
 * because every macaroon it covers has expired by then.
 *
 * @param kind      what {@code subject} is
 * @param subject   an {@code iid:} value, a principal digest ({@link IssueId#principalDigest}), or an instant
 * @param revokedAt when the entry was made
 * @param dropAfter when every macaroon it covers has expired: the entry is ignored, and dropped on the next write
 * @param label     free text for people (the DN or subject behind a digest); never used to match
 */
public record Revocation(Kind kind, String subject, Instant revokedAt, Instant dropAfter, String label) {

    /** What a revocation matches. */
    public enum Kind {
        /** That macaroon, the macaroons attenuated from it at the door, and those attenuated offline. */
        ISSUE_ID("iid"),
        /** Every macaroon minted for a principal (DN, or a token's issuer and subject) up to {@code revokedAt}. */
        PRINCIPAL("principal"),
        /** Every macaroon whose line was first minted before the instant in {@code subject}. */
        ISSUED_BEFORE("before");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    public Revocation {
        Objects.requireNonNull(kind);
        Objects.requireNonNull(subject);
        Objects.requireNonNull(revokedAt);
        Objects.requireNonNull(dropAfter);
        label = label == null ? "" : label.replaceAll("[\\p{Cntrl}]", "?").strip();
    }

    /** For logs, refusals and {@code inspect}: the kind, what it matches, and when it was made. Never a secret. */
    public String describe() {
        String what = kind.label() + " " + subject + (label.isEmpty() ? "" : " (" + LogSafe.text(label) + ")");
        return what + ", revoked " + revokedAt;
    }
}
