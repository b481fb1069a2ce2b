package org.gridgate.caveat;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What verifying a token established that holds whatever the request: its folded rights, which secret signed it,
 * and the subnets of its {@code ip:} caveats. Decoding, the HMAC chain and the fold depend on the token alone; only
 * the clock ({@code before:}), the secrets (retired or removed since) and the client address ({@code ip:}) can
 * change the answer for the same token, so those are what {@link #isLive} and {@link #admits} check again.
 *
 * @param secretFingerprint the SHA-256 of the key that checked the signature: the same id must still stand for the
 *                          same key (a file re-read by another process could in theory reuse an id)
 * @param ipSubnets         one list per {@code ip:} caveat, in order; the client must be in some subnet of each
 */
record VerifiedMacaroon(MacaroonRights rights, String secretId, Sha256 secretFingerprint,
                        List<List<IpSubnet>> ipSubnets) {
    VerifiedMacaroon {
        ipSubnets = ipSubnets.stream().map(List::copyOf).toList();
    }

    /**
     * Whether the token still verifies at {@code now} with today's secrets, whoever asks: before its earliest
     * {@code before:} (the fold refuses {@code now == before} too) and signed by a key that is still active.
     */
    boolean isLive(Instant now, SecretStore secrets) {
        if (!now.isBefore(rights.expiry())) {
            return false;
        }
        Optional<IdentifiedSecret> secret = secrets.find(secretId);
        return secret.isPresent() && secret.get().fingerprint().equals(secretFingerprint);
    }

    /** Whether {@code client} (4 or 16 bytes, as {@link java.net.InetAddress#getAddress()}) satisfies every ip:. */
    boolean admits(byte[] client) {
        for (List<IpSubnet> caveat : ipSubnets) {
            if (!anyContains(caveat, client)) {
                return false;
            }
        }
        return true;
    }

    private static boolean anyContains(List<IpSubnet> subnets, byte[] client) {
        for (IpSubnet subnet : subnets) {
            if (subnet.contains(client)) {
                return true;
            }
        }
        return false;
    }
}
