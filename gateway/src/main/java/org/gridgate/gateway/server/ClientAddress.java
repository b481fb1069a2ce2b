package org.gridgate.gateway.server;

import io.netty.channel.Channel;
import io.netty.util.AttributeKey;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * The one place the door learns a connection's client address from: every per-address limit, the access log and
 * the credentials' {@code ip:} checks ask here. It is the TCP peer unless a handler that knows better (a PROXY
 * protocol decoder behind a load balancer) has set {@link #REAL} on the channel.
 */
public final class ClientAddress {

    /** The client's address as told by a trusted front end, if the door is behind one. */
    public static final AttributeKey<InetAddress> REAL = AttributeKey.valueOf("gridgate.clientAddress");

    private ClientAddress() {
    }

    public static InetAddress of(Channel channel) {
        InetAddress real = channel.attr(REAL).get();
        if (real != null) {
            return real;
        }
        return ((InetSocketAddress) channel.remoteAddress()).getAddress();
    }
}
