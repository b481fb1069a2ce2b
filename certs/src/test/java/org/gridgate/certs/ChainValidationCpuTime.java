package org.gridgate.certs;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What {@link GridTrust#authenticate} costs a new connection, in CPU time of the calling thread: a chain validated
 * from scratch by canl (the cache emptied before each call) against one found in the cache. Not a test; run with
 * the command in bench/results/2026-11-history.md.
 */
public final class ChainValidationCpuTime {
    private static final int ROUNDS = 5;

    private ChainValidationCpuTime() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory("chain-validation");
        DevPki pki = DevPki.createOrReuse(dir);
        List<X509Certificate> chain = pki.user().proxy(ProxySpec.rfc3820(Duration.ofHours(12))).chain();
        try (GridTrust trust = GridTrust.open(pki.caDirectory(), Optional.empty(), IdentityMapping.none())) {
            for (int pass = 0; pass < 2; pass++) { // the first pass warms the JIT up
                report(trust, chain, "validated by canl", 1_000, true, pass == 1);
                report(trust, chain, "found in the cache", 20_000, false, pass == 1);
            }
        }
    }

    private static void report(GridTrust trust, List<X509Certificate> chain, String name, int calls,
                               boolean forgetFirst, boolean print) throws CertificateRejectedException {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        double best = Double.MAX_VALUE;
        for (int round = 0; round < ROUNDS; round++) {
            long start = threads.getCurrentThreadCpuTime();
            for (int i = 0; i < calls; i++) {
                if (forgetFirst) {
                    trust.forgetValidatedChains();
                }
                trust.authenticate(chain);
            }
            best = Math.min(best, (threads.getCurrentThreadCpuTime() - start) / 1000.0 / calls);
        }
        if (print) {
            System.out.printf("%-20s %8.1f us CPU per authenticate (best of %d rounds of %d)%n", name, best, ROUNDS,
                    calls);
        }
    }
}
