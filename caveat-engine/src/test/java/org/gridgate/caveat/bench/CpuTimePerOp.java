package org.gridgate.caveat.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * The benchmark's operations measured in CPU time of the calling thread per operation, not wall-clock
 * throughput: on a machine shared with other builds the throughput swings with their load, CPU time much less.
 * It leaves out the garbage collector's threads, which JMH's {@code -prof gc} accounts for. Not a JMH benchmark;
 * run with {@code -Dbench.main=org.gridgate.caveat.bench.CpuTimePerOp -Djmh.args=}.
 */
public final class CpuTimePerOp {
    private static final int WARMUP_ROUNDS = 5;
    private static final int MEASURED_ROUNDS = 5;
    private static final int OPERATIONS_PER_ROUND = 200_000;

    private CpuTimePerOp() {
    }

    interface Operation {
        boolean run() throws Exception;
    }

    public static void main(String[] args) throws Exception {
        VerifyBenchmark benchmark = new VerifyBenchmark();
        benchmark.mint();
        try {
            report("verifyAndAuthorize", benchmark::verifyAndAuthorize);
            report("verifyAndAuthorizeCached", benchmark::verifyAndAuthorizeCached);
            report("refoldAndAuthorize", benchmark::refoldAndAuthorize);
            report("bareJmacaroons", benchmark::bareJmacaroons);
        } finally {
            benchmark.deleteSecrets();
        }
    }

    private static void report(String name, Operation operation) throws Exception {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        double best = Double.MAX_VALUE;
        for (int round = 0; round < WARMUP_ROUNDS + MEASURED_ROUNDS; round++) {
            long start = threads.getCurrentThreadCpuTime();
            int granted = 0;
            for (int i = 0; i < OPERATIONS_PER_ROUND; i++) {
                granted += operation.run() ? 1 : 0;
            }
            double microseconds = (threads.getCurrentThreadCpuTime() - start) / 1000.0 / OPERATIONS_PER_ROUND;
            if (granted != OPERATIONS_PER_ROUND) {
                throw new IllegalStateException(name + " refused its token");
            }
            if (round >= WARMUP_ROUNDS) {
                best = Math.min(best, microseconds);
                System.out.printf("%-24s round %d: %6.2f us CPU/op (%,.0f ops/s per core)%n", name,
                        round - WARMUP_ROUNDS + 1, microseconds, 1e6 / microseconds);
            }
        }
        System.out.printf("%-24s best: %6.2f us CPU/op (%,.0f ops/s per core)%n", name, best, 1e6 / best);
    }
}
