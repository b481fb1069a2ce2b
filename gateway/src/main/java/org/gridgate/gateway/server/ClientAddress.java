package org.gridgate.gateway.server;

import io.netty.channel.Channel;
import io.netty.util.AttributeKey;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * The client's address for everything that asks (ip: caveats, the access log, metrics, limits): the address a
 * load balancer's PROXY protocol header carried ({@link ProxyProtocolHandlers}), else the connection's peer.
 */
public final class ClientAddress {
    static final AttributeKey<InetAddress> FROM_PROXY_HEADER = AttributeKey.valueOf("gridgate.clientAddress");

    private ClientAddress() {
    }

    /** The address; null only for a channel that is not (or no longer) a network connection. */
    public static InetAddress of(Channel channel) {
        InetAddress carried = channel.attr(FROM_PROXY_HEADER).get();
        if (carried != null) {
            return carried;
        }
        return channel.remoteAddress() instanceof InetSocketAddress peer ? peer.getAddress() : null;
    }
}
