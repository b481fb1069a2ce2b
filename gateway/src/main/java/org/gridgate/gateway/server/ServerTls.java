package org.gridgate.gateway.server;

import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelHandler;
import io.netty.handler.ssl.SniHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.DomainWildcardMappingBuilder;
import io.netty.util.Mapping;

/**
 * The TLS handler of each new connection: the host certificate's, or, when a volunteer certificate is configured,
 * an {@link SniHandler} that picks by the host name the client asks for and then replaces itself with the chosen
 * certificate's {@code SslHandler}. A client that names no host (or another one) gets the host certificate.
 */
final class ServerTls {

    private final SslContext host;
    private final Mapping<String, SslContext> byName;

    private ServerTls(SslContext host, Mapping<String, SslContext> byName) {
        this.host = host;
        this.byName = byName;
    }

    static ServerTls hostOnly(SslContext host) {
        return new ServerTls(host, null);
    }

    static ServerTls withVolunteers(SslContext host, SslContext volunteers, Iterable<String> hostNames) {
        DomainWildcardMappingBuilder<SslContext> mapping = new DomainWildcardMappingBuilder<>(host);
        for (String name : hostNames) {
            mapping.add(name, volunteers);
        }
        return new ServerTls(host, mapping.build());
    }

    /** @param handshakeTimeoutMillis for the whole handshake, the client's hello included */
    ChannelHandler newHandler(ByteBufAllocator alloc, long handshakeTimeoutMillis) {
        if (byName == null) {
            SslHandler handler = host.newHandler(alloc);
            handler.setHandshakeTimeoutMillis(handshakeTimeoutMillis);
            return handler;
        }
        // Waits at most that long for the client's hello, and gives the chosen SslHandler the same deadline.
        return new SniHandler(byName, handshakeTimeoutMillis);
    }
}
