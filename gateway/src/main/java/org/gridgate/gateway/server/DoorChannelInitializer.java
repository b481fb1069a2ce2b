package org.gridgate.gateway.server;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.group.ChannelGroup;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.stream.ChunkedWriteHandler;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import java.util.concurrent.TimeUnit;
import org.gridgate.gateway.auth.Authenticator;
import org.gridgate.gateway.http.Router;
import org.gridgate.gateway.metrics.DoorMetrics;

/**
 * Wires a new connection's pipeline, and nothing else:
 * {@code [PROXY protocol →] SslHandler → IdleStateHandler → HttpServerCodec → ChunkedWriteHandler → DoorHandler},
 * all on the connection's event loop. File work happens on the connection's lane of the {@link IoExecutor}.
 */
final class DoorChannelInitializer extends ChannelInitializer<Channel> {

    private static final int HTTP_MAX_INITIAL_LINE = 8192;
    private static final int HTTP_MAX_HEADERS = 16384;
    /** Connections idle this long (no bytes either way) are closed. */
    private static final int IDLE_SECONDS = 300;

    private final SslContext tls;
    private final ChannelGroup connections;
    private final Authenticator authenticator;
    private final Router router;
    private final DoorMetrics metrics;
    private final IoExecutor io;
    private final int maxChunkBytes;
    private final AccessLog accessLog;
    private final ProxyProtocolSources balancers;

    /**
     * @param maxChunkBytes the largest body chunk: one socket read's worth, so one read is one file write
     * @param balancers     who may start a connection with a PROXY protocol header ({@link ProxyProtocolHandlers})
     */
    DoorChannelInitializer(SslContext tls, ChannelGroup connections, Authenticator authenticator, Router router,
                           DoorMetrics metrics, IoExecutor io, int maxChunkBytes, AccessLog accessLog,
                           ProxyProtocolSources balancers) {
        this.tls = tls;
        this.connections = connections;
        this.authenticator = authenticator;
        this.router = router;
        this.metrics = metrics;
        this.io = io;
        this.maxChunkBytes = maxChunkBytes;
        this.accessLog = accessLog;
        this.balancers = balancers;
    }

    @Override
    protected void initChannel(Channel ch) {
        connections.add(ch);
        ChannelPipeline pipeline = ch.pipeline();
        pipeline.addLast("tls", tls.newHandler(ch.alloc()));
        pipeline.addLast("idle", new IdleStateHandler(0, 0, IDLE_SECONDS, TimeUnit.SECONDS) {
            @Override
            protected void channelIdle(ChannelHandlerContext ctx, IdleStateEvent evt) {
                ctx.close();
            }
        });
        pipeline.addLast("http", new HttpServerCodec(HTTP_MAX_INITIAL_LINE, HTTP_MAX_HEADERS, maxChunkBytes));
        pipeline.addLast("chunked", new ChunkedWriteHandler());
        pipeline.addLast("door", new DoorHandler(authenticator, router, metrics, io.newLane(), io.shared(),
                accessLog));
        ProxyProtocolHandlers.addFirst(ch, pipeline, balancers);
    }
}
