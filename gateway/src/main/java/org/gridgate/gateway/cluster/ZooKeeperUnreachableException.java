package org.gridgate.gateway.cluster;

import java.io.IOException;

/** ZooKeeper could not be reached within the connect timeout (as opposed to a bad setting, such as the auth file). */
public final class ZooKeeperUnreachableException extends IOException {
    private static final long serialVersionUID = 1L;

    ZooKeeperUnreachableException(String message) {
        super(message);
    }
}
