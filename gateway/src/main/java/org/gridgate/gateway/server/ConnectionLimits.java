package org.gridgate.gateway.server;

import io.netty.channel.Channel;
import java.net.InetAddress;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Caps a door's open connections, in all and per client address. A connection over a cap is closed at accept,
 * before its TLS handshake: a 503 would first cost the door a handshake (the most expensive thing a client can make
 * it do), which is what a flood of connections is after. Clients see the connection closed and retry, as they do
 * for any network failure; BOINC backs off.
 *
 * <p>Memory is bounded by the caps: an address is counted only while it has a connection open.
 */
final class ConnectionLimits {

    private final int perDoor;
    private final int perAddress;
    private final LimitLog log;
    private final AtomicInteger open = new AtomicInteger();
    private final ConcurrentHashMap<InetAddress, AtomicInteger> byAddress = new ConcurrentHashMap<>();

    ConnectionLimits(DoorLimits limits, LimitLog log) {
        this.perDoor = limits.maxConnections();
        this.perAddress = limits.maxConnectionsPerAddress();
        this.log = log;
    }

    /** Counts a new connection against the door's cap until it closes, or closes it now; whether admitted. */
    boolean admit(Channel channel) {
        if (open.incrementAndGet() > perDoor) {
            open.decrementAndGet();
            refuse(channel, ClientAddress.of(channel), "connections-per-door");
            return false;
        }
        channel.closeFuture().addListener(closed -> open.decrementAndGet());
        return true;
    }

    /**
     * Counts an admitted connection against its client's address until it closes, or closes it now; whether
     * admitted. Called at accept, or, behind a load balancer, once its PROXY header has said who the client is.
     */
    boolean admitFrom(Channel channel, InetAddress client) {
        int[] fromClient = new int[1];
        byAddress.compute(client, (address, count) -> {
            AtomicInteger counted = count == null ? new AtomicInteger() : count;
            fromClient[0] = counted.incrementAndGet();
            return counted;
        });
        if (fromClient[0] > perAddress) {
            release(client);
            refuse(channel, client, "connections-per-address");
            return false;
        }
        channel.closeFuture().addListener(closed -> release(client));
        return true;
    }

    private void release(InetAddress client) {
        byAddress.computeIfPresent(client, (address, count) -> count.decrementAndGet() == 0 ? null : count);
    }

    private void refuse(Channel channel, InetAddress client, String reason) {
        channel.close();
        log.cut(client, "-", "-", AccessLog.NO_RESPONSE, 0, reason);
    }

    int open() {
        return open.get();
    }
}
