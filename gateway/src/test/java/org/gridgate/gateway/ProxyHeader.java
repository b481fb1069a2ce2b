package org.gridgate.gateway;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;

/** A PROXY protocol v2 header, as HAProxy's {@code send-proxy-v2} writes it, for tests that play the balancer. */
final class ProxyHeader {
    private static final byte[] SIGNATURE = {0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A};

    private ProxyHeader() {
    }

    /** The header of a TCP/IPv4 connection from {@code client} (port 40000) to 127.0.0.1:{@code port}. */
    static byte[] v2(String client, int port) throws UnknownHostException {
        ByteBuffer header = ByteBuffer.allocate(28);
        header.put(SIGNATURE);
        header.put((byte) 0x21).put((byte) 0x11).putShort((short) 12); // version 2 PROXY, TCP over IPv4, 12 bytes
        header.put(InetAddress.getByName(client).getAddress()).put(InetAddress.getByName("127.0.0.1").getAddress());
        header.putShort((short) 40000).putShort((short) port);
        return header.array();
    }
}
