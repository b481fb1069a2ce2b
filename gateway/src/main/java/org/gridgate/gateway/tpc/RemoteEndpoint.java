package org.gridgate.gateway.tpc;

import java.net.InetAddress;
import java.util.List;

/**
 * A remote the policy has admitted: its host, port, and the addresses the host resolved to when it was checked.
 * A copy connects to these addresses and to no other, so a DNS answer that changes after the check (rebinding)
 * cannot steer the door elsewhere.
 *
 * @param host      the host to verify the certificate against and to send as SNI: a name, or a bare IP literal
 * @param port      the TCP port
 * @param addresses every address the host resolved to, all admitted
 */
record RemoteEndpoint(String host, int port, List<InetAddress> addresses) {

    static final int HTTPS_PORT = 443;

    RemoteEndpoint {
        addresses = List.copyOf(addresses);
    }
}
