package org.gridgate.caveat;

import com.github.nitram509.jmacaroons.Macaroon;
import com.github.nitram509.jmacaroons.MacaroonsBuilder;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Signs a list of caveats into a V1 macaroon with the newest secret, putting a fresh {@code iid:} first. The
 * identifier is the secret's id, as at dCache.
 */
final class MacaroonMinter {
    /** The location is ignored by every verifier we know of; it names the issuer for humans reading a token. */
    static final String LOCATION = "gridgate";
    private static final int ISSUE_ID_BYTES = 6;

    private final SecretStore secrets;
    private final SecureRandom random = new SecureRandom();

    MacaroonMinter(SecretStore secrets) {
        this.secrets = secrets;
    }

    /** Six random bytes, base64 (standard alphabet): eight characters, like dCache's. */
    String newIssueId() {
        byte[] bytes = new byte[ISSUE_ID_BYTES];
        random.nextBytes(bytes);
        return Base64.getEncoder().withoutPadding().encodeToString(bytes);
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
