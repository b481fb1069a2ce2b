package org.gridgate.caveat;

import com.github.nitram509.jmacaroons.Macaroon;
import com.github.nitram509.jmacaroons.MacaroonsBuilder;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Signs a list of caveats into a V1 macaroon with the newest secret, putting an {@code iid:} first ({@link IssueId}:
 * when, for whom, and from which macaroon, so that revocations can be checked from the token). The identifier is
 * the secret's id, as at dCache.
 */
final class MacaroonMinter {
    /** The location is ignored by every verifier we know of; it names the issuer for humans reading a token. */
    static final String LOCATION = "gridgate";

    private final SecretStore secrets;
    private final SecureRandom random = new SecureRandom();

    MacaroonMinter(SecretStore secrets) {
        this.secrets = secrets;
    }

    /** The id of a macaroon minted afresh for {@code principal} at {@code now}. */
    String newIssueId(Instant now, String principal) {
        return IssueId.root(now, principal, random).value();
    }

    /**
     * The id of a macaroon minted from one with {@code parentId}; a parent without one (not minted by a door) gets
     * a fresh root with no principal.
     */
    String childIssueId(Optional<String> parentId, Instant now) {
        return parentId.map(id -> new IssueId(id).child(random).value())
                .orElseGet(() -> IssueId.root(now, "", random).value());
    }

    /** Every caveat of the macaroon, {@code iid:} first. */
    static List<String> withIssueId(String issueId, List<String> caveats) {
        List<String> all = new ArrayList<>(caveats.size() + 1);
        all.add(CaveatType.ISSUE_ID.label() + ":" + issueId);
        all.addAll(caveats);
        return all;
    }

    /** The V1 serialisation (base64url, no padding) of a macaroon with exactly {@code caveats}. */
    String sign(List<String> caveats) {
        IdentifiedSecret secret = secrets.current();
        MacaroonsBuilder builder = Macaroon.builder(LOCATION, secret.key(), secret.id());
        for (String caveat : caveats) {
            builder.addCaveat(caveat);
        }
        return builder.build().serialize();
    }
}
