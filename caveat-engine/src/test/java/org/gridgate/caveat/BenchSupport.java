package org.gridgate.caveat;

import java.net.InetAddress;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Test-only bridge for the benchmarks in {@code org.gridgate.caveat.bench}: the baseline needs the raw key to call
 * jmacaroons directly, and key bytes are deliberately not reachable through the public API; the caveat fold is
 * package-private too.
 */
public final class BenchSupport {
    private BenchSupport() {
    }

    public static byte[] currentKey(SecretStore store) {
        return store.current().key();
    }

    /** The token's caveats, decoded once: what a cache of decoded (rather than folded) macaroons would keep. */
    public static List<String> caveatsOf(String token) throws InvalidMacaroonException {
        return DecodedMacaroon.decode(token).caveats().stream().map(DecodedMacaroon.PacketCaveat::text).toList();
    }

    /** Folds caveats as a verification does after the HMAC chain: the per-request cost of re-folding on a hit. */
    public static MacaroonRights fold(List<String> caveats, Instant now, InetAddress client)
            throws InvalidMacaroonException {
        RightsFold fold = new RightsFold(now, Optional.of(client));
        for (String caveat : caveats) {
            fold.accept(caveat);
        }
        return fold.result("benchmark");
    }
}
