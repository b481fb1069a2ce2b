package org.gridgate.gateway.cli;

import java.io.IOException;
import java.time.Clock;
import org.gridgate.gateway.cluster.ZooKeeperSecretAdmin;
import org.gridgate.gateway.cluster.ZooKeeperSettings;
import org.gridgate.gateway.cluster.ZooKeeperUnreachableException;
import picocli.CommandLine.ExitCode;

/** Connects a command to the ZooKeeper its door configuration names, or fails with one line that says why. */
final class ZooKeeperAccess {

    private ZooKeeperAccess() {
    }

    static ZooKeeperSecretAdmin connect(ZooKeeperSettings settings) throws CommandFailure {
        try {
            return ZooKeeperSecretAdmin.connect(settings, Clock.systemUTC());
        } catch (ZooKeeperUnreachableException e) {
            throw new CommandFailure(ExitCode.SOFTWARE, "Cannot reach ZooKeeper at " + settings.connect()
                    + " within " + settings.connectTimeout().toSeconds() + " s (zookeeper.connect in the "
                    + "configuration): nothing was read or changed");
        } catch (IOException e) {
            throw new CommandFailure(ExitCode.SOFTWARE, e.getMessage()); // a setting to fix, e.g. the auth file
        }
    }
}
