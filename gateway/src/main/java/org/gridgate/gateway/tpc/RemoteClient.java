package org.gridgate.gateway.tpc;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.ssl.SslContext;
import java.io.IOException;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;

/**
 * Opens the door's connections to remote storage for third-party copies: each remote is resolved and checked by the
 * policy first, then reached over TLS at one of the addresses that were checked.
 */
final class RemoteClient {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(30);

    private final RemoteResolver resolver;
    private final SslContext tls;
    private final Bootstrap bootstrap;

    /** @param loops event loops to run the connections on (the door's own: a copy's I/O is like a request's) */
    RemoteClient(RemoteResolver resolver, SslContext tls, EventLoopGroup loops) {
        this.resolver = resolver;
        this.tls = tls;
        this.bootstrap = new Bootstrap()
                .group(loops)
                .channel(NioSocketChannel.class)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) CONNECT_TIMEOUT.toMillis())
                .option(ChannelOption.TCP_NODELAY, true);
    }

    /**
     * @throws RemoteRefusedException if the policy does not allow the remote; nothing was contacted
     * @throws IOException            if the host does not resolve, or no admitted address could be reached
     */
    RemoteConnection connect(URI uri) throws RemoteRefusedException, IOException {
        RemoteEndpoint endpoint;
        try {
            endpoint = resolver.admit(uri);
        } catch (UnknownHostException e) {
            throw new IOException("cannot resolve " + uri.getHost(), e);
        }
        return RemoteConnection.open(bootstrap, tls, endpoint);
    }
}
