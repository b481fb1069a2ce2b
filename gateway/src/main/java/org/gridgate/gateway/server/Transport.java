package org.gridgate.gateway.server;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;

/**
 * The socket transport the door's listeners run on: Linux epoll when its native library loads (fewer system calls
 * and no selector garbage per wake-up), else Java NIO, which works everywhere.
 *
 * @param name shown in the start-up log, next to the TLS engine
 */
record Transport(String name, IoHandlerFactory ioHandlers, Class<? extends ServerChannel> serverChannel) {

    static Transport best() {
        if (Epoll.isAvailable()) {
            return new Transport("epoll", EpollIoHandler.newFactory(), EpollServerSocketChannel.class);
        }
        return new Transport("nio (epoll unavailable: " + Epoll.unavailabilityCause() + ")",
                NioIoHandler.newFactory(), NioServerSocketChannel.class);
    }

    /** @param threads 0 for Netty's default, twice the processors */
    EventLoopGroup newGroup(int threads) {
        return new MultiThreadIoEventLoopGroup(threads, ioHandlers);
    }
}
