package org.gridgate.caveat;

/**
 * Test-only bridge for the benchmarks in {@code org.gridgate.caveat.bench}: the baseline needs the raw key to call
 * jmacaroons directly, and key bytes are deliberately not reachable through the public API.
 */
public final class BenchSupport {
    private BenchSupport() {
    }

    public static byte[] currentKey(SecretStore store) {
        return store.current().key();
    }
}
