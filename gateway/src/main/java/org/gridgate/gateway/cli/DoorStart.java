package org.gridgate.gateway.cli;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.security.GeneralSecurityException;
import java.util.stream.Collectors;
import org.gridgate.gateway.server.DoorServer;
import org.gridgate.gateway.server.DoorServices;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.ExitCode;

/** Starts a door for {@code serve} and {@code dev}; a port that is taken is the user's to fix, named in one line. */
final class DoorStart {

    private static final Logger LOG = LoggerFactory.getLogger(DoorStart.class);
    private static final long MIB = 1024 * 1024;

    private DoorStart() {
    }

    /** As {@link DoorServer#start(DoorServices, InetSocketAddress, InetSocketAddress)}; {@code metrics} may be null. */
    static DoorServer listen(DoorServices services, InetSocketAddress address, InetSocketAddress metrics)
            throws IOException, GeneralSecurityException, InterruptedException, CommandFailure {
        LOG.info("JVM: {}", memorySettings());
        try {
            return DoorServer.start(services, address, metrics);
        } catch (BindException e) {
            // the exception names neither address
            throw new CommandFailure(ExitCode.SOFTWARE, "Cannot listen on " + address.getHostString() + ":"
                    + address.getPort() + (metrics == null ? "" : " or, for metrics, on " + metrics.getHostString()
                    + ":" + metrics.getPort()) + ": " + e.getMessage());
        }
    }

    /**
     * The limits the JVM was started with, for the log: the heap and direct memory are fixed by the java command's
     * flags (README, packaging/gridgate.service), and a door started without them gets the JVM's defaults, which
     * on a large machine let it grow to gigabytes.
     */
    static String memorySettings() {
        Runtime runtime = Runtime.getRuntime();
        String collectors = ManagementFactory.getGarbageCollectorMXBeans().stream()
                .map(GarbageCollectorMXBean::getName).collect(Collectors.joining(", "));
        String direct;
        try {
            long limit = Long.parseLong(ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class)
                    .getVMOption("MaxDirectMemorySize").getValue());
            direct = limit == 0 ? "as the heap (no -XX:MaxDirectMemorySize)" : limit / MIB + " MiB";
        } catch (RuntimeException e) { // not HotSpot
            direct = "unknown";
        }
        return String.format("heap %d MiB at start, at most %d MiB (%s); direct memory at most %s; %d processors",
                runtime.totalMemory() / MIB, runtime.maxMemory() / MIB, collectors, direct,
                runtime.availableProcessors());
    }
}
