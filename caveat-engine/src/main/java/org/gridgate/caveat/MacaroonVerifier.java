package org.gridgate.caveat;

import com.github.nitram509.jmacaroons.MacaroonsVerifier;
import java.net.InetAddress;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;

/**
 * Verifies a presented macaroon and folds its caveats into {@link MacaroonRights}. Fails closed: any doubt is a
 * refusal with a reason.
 *
 * <p>Order: take the token apart (junk is "malformed"), refuse third-party caveats (we hold no discharges), find the
 * secret by the identifier (unknown or retired refuses), check the HMAC chain with jmacaroons, then fold the caveats
 * ourselves. jmacaroons is asked only about the signature (its general verifier accepts every first-party caveat)
 * because it cannot say which caveat failed; our fold refuses exactly what jmacaroons would, and says why.
 */
public final class MacaroonVerifier {
    private final SecretStore secrets;
    private final Clock clock;

    public MacaroonVerifier(SecretStore secrets, Clock clock) {
        this.secrets = Objects.requireNonNull(secrets);
        this.clock = Objects.requireNonNull(clock);
    }

    /**
     * @param serialized the token as received (V1 base64url; the standard base64 alphabet is accepted too)
     * @param client     the direct peer address, checked against {@code ip:} caveats
     */
    public MacaroonRights verify(String serialized, InetAddress client) throws InvalidMacaroonException {
        return verify(serialized, Optional.of(Objects.requireNonNull(client, "client address")));
    }

    /** With an empty client, {@code ip:} caveats are checked for syntax only: for inspection, never for access. */
    MacaroonRights verify(String serialized, Optional<InetAddress> client) throws InvalidMacaroonException {
        DecodedMacaroon decoded = DecodedMacaroon.decode(serialized);
        if (decoded.hasThirdPartyCaveat()) {
            throw new InvalidMacaroonException("third-party caveats are not supported (no discharge macaroons)",
                    "third-party caveats are not supported");
        }
        IdentifiedSecret secret = secretFor(decoded.identifier());
        if (!signatureMatches(decoded, secret)) {
            throw new InvalidMacaroonException("signature does not match (forged or altered macaroon, identifier "
                    + secret.id() + ")", "invalid signature");
        }
        RightsFold fold = new RightsFold(clock.instant(), client);
        for (DecodedMacaroon.PacketCaveat caveat : decoded.caveats()) {
            fold.accept(caveat.text());
        }
        return fold.result(decoded.signaturePrefix());
    }

    private IdentifiedSecret secretFor(String identifier) throws InvalidMacaroonException {
        Optional<IdentifiedSecret> secret = secrets.find(identifier);
        if (secret.isPresent()) {
            return secret.get();
        }
        if (secrets.isRetired(identifier)) {
            throw new InvalidMacaroonException("signed by retired secret " + LogSafe.text(identifier),
                    "signing secret retired");
        }
        throw new InvalidMacaroonException("unknown secret id " + LogSafe.text(identifier)
                + " (not minted here)", "unknown signing secret");
    }

    private static boolean signatureMatches(DecodedMacaroon decoded, IdentifiedSecret secret) {
        try {
            return new MacaroonsVerifier(decoded.macaroon()).satisfyGeneral(caveat -> true).isValid(secret.key());
        } catch (RuntimeException e) {
            return false;
        }
    }
}
