package org.gridgate.gateway.server;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.group.ChannelGroup;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.ssl.SniCompletionEvent;
import io.netty.handler.ssl.SslCompletionEvent;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.handler.ssl.SslHandshakeTimeoutException;
import io.netty.handler.stream.ChunkedWriteHandler;
import org.gridgate.gateway.auth.Authenticator;
import org.gridgate.gateway.http.Router;
import org.gridgate.gateway.metrics.DoorMetrics;

/**
 * Wires a new connection's pipeline, and nothing else:
 * {@code [PROXY protocol →] SslHandler (or SniHandler) → handshake watch → RequestDeadlines.bytes →
 * HttpServerCodec → RequestDeadlines.messages → ChunkedWriteHandler → DoorHandler}, all on the
 * connection's event loop, once {@link ConnectionLimits} has admitted it: to the door at accept, and for its
 * client's address at accept or, behind a load balancer, once the PROXY header has said who the client is. File
 * work happens on the connection's lane of the {@link IoExecutor}.
 */
final class DoorChannelInitializer extends ChannelInitializer<Channel> {

    private static final int HTTP_MAX_INITIAL_LINE = 8192;
    private static final int HTTP_MAX_HEADERS = 16384;

    private final ServerTls tls;
    private final ChannelGroup connections;
    private final Authenticator authenticator;
    private final Router router;
    private final DoorMetrics metrics;
    private final IoExecutor io;
    private final int maxChunkBytes;
    private final AccessLog accessLog;
    private final DoorLimits limits;
    private final ConnectionLimits connectionLimits;
    private final RequestLimits requestLimits;
    private final LimitLog limitLog;
    private final ProxyProtocolSources balancers;

    /**
     * @param maxChunkBytes the largest body chunk: one socket read's worth, so one read is one file write
     * @param balancers     who may start a connection with a PROXY protocol header ({@link ProxyProtocolHandlers})
     */
    DoorChannelInitializer(ServerTls tls, ChannelGroup connections, Authenticator authenticator, Router router,
                           DoorMetrics metrics, IoExecutor io, int maxChunkBytes, AccessLog accessLog,
                           DoorLimits limits, ConnectionLimits connectionLimits, RequestLimits requestLimits,
                           LimitLog limitLog, ProxyProtocolSources balancers) {
        this.tls = tls;
        this.connections = connections;
        this.authenticator = authenticator;
        this.router = router;
        this.metrics = metrics;
        this.io = io;
        this.maxChunkBytes = maxChunkBytes;
        this.accessLog = accessLog;
        this.limits = limits;
        this.connectionLimits = connectionLimits;
        this.requestLimits = requestLimits;
        this.limitLog = limitLog;
        this.balancers = balancers;
    }

    @Override
    protected void initChannel(Channel ch) {
        if (!connectionLimits.admit(ch)) {
            return;
        }
        boolean fromBalancer = ProxyProtocolHandlers.fromBalancer(ch, balancers);
        if (!fromBalancer && !connectionLimits.admitFrom(ch, ClientAddress.of(ch))) {
            return;
        }
        connections.add(ch);
        ChannelPipeline pipeline = ch.pipeline();
        addTls(pipeline, ch);
        RequestDeadlines deadlines = new RequestDeadlines(limits, limitLog);
        pipeline.addLast("deadlines-bytes", deadlines.bytes());
        pipeline.addLast("http", new HttpServerCodec(HTTP_MAX_INITIAL_LINE, HTTP_MAX_HEADERS, maxChunkBytes));
        pipeline.addLast("deadlines-messages", deadlines.messages());
        pipeline.addLast("chunked", new ChunkedWriteHandler());
        pipeline.addLast("door", new DoorHandler(authenticator, router, metrics, io.newLane(), io.shared(),
                accessLog, requestLimits));
        ProxyProtocolHandlers.addFirst(ch, pipeline, balancers, connectionLimits::admitFrom);
    }

    /**
     * TLS (by SNI, when volunteers have a certificate of their own), whose handshake must end within its deadline,
     * and a watch on how it ended: counted by outcome, and a handshake cut by its deadline logged as a limit.
     */
    private void addTls(ChannelPipeline pipeline, Channel ch) {
        long timeout = limits.tlsHandshakeTimeout().toMillis();
        pipeline.addLast("tls", tls.newHandler(ch.alloc(), timeout));
        long start = System.nanoTime();
        pipeline.addLast("handshake", new ChannelInboundHandlerAdapter() {
            @Override
            public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
                if (event instanceof SslHandshakeCompletionEvent handshake) {
                    metrics.tlsHandshake(handshake.isSuccess());
                    ctx.pipeline().remove(this);
                }
                if (event instanceof SslCompletionEvent done
                        && (event instanceof SslHandshakeCompletionEvent || event instanceof SniCompletionEvent)
                        && done.cause() instanceof SslHandshakeTimeoutException) {
                    limitLog.cut(ClientAddress.of(ch), "-", "-", AccessLog.NO_RESPONSE,
                            (System.nanoTime() - start) / 1_000_000,
                            "tls-handshake-timeout");
                }
                ctx.fireUserEventTriggered(event);
            }
        });
    }
}
