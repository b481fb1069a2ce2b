package org.gridgate.gateway.cli;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.security.GeneralSecurityException;
import org.gridgate.gateway.server.DoorServer;
import org.gridgate.gateway.server.DoorServices;
import org.gridgate.gateway.server.ListenerBindException;
import picocli.CommandLine.ExitCode;

/** Starts a door for {@code serve} and {@code dev}; a port that is taken is the user's to fix, named in one line. */
final class DoorStart {

    private DoorStart() {
    }

    /** As {@link DoorServer#start(DoorServices, InetSocketAddress, InetSocketAddress)}; {@code metrics} may be null. */
    static DoorServer listen(DoorServices services, InetSocketAddress address, InetSocketAddress metrics)
            throws IOException, GeneralSecurityException, InterruptedException, CommandFailure {
        try {
            return DoorServer.start(services, address, metrics);
        } catch (ListenerBindException e) {
            InetSocketAddress taken = e.address();
            String which = taken.equals(address) ? "" : " (metrics listener)";
            throw new CommandFailure(ExitCode.SOFTWARE, "Cannot listen on " + taken.getHostString() + ":"
                    + taken.getPort() + which + ": " + e.reason());
        }
    }
}
