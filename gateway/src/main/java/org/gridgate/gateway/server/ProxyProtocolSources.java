package org.gridgate.gateway.server;

import java.net.InetAddress;
import java.util.List;
import org.gridgate.caveat.IpSubnet;

/**
 * The load balancers (addresses or CIDR ranges) from which the door's listener takes a PROXY protocol v2 header as
 * the client's address. A connection from anywhere else that sends one is closed: a client must never choose the
 * address its {@code ip:} caveats are checked against.
 */
public record ProxyProtocolSources(List<IpSubnet> ranges) {
    public static final ProxyProtocolSources NONE = new ProxyProtocolSources(List.of());

    public ProxyProtocolSources {
        ranges = List.copyOf(ranges);
    }

    /** @throws IllegalArgumentException naming the entry that is not an address or range */
    public static ProxyProtocolSources of(List<String> entries) {
        return new ProxyProtocolSources(entries.stream().map(entry -> {
            if (entry == null) {
                throw new IllegalArgumentException("an empty entry");
            }
            return IpSubnet.parseExact(entry.strip());
        }).toList());
    }

    public boolean isEmpty() {
        return ranges.isEmpty();
    }

    /** Whether {@code peer}, the connection's own address, is a load balancer's. */
    public boolean admits(InetAddress peer) {
        return ranges.stream().anyMatch(range -> range.contains(peer));
    }
}
