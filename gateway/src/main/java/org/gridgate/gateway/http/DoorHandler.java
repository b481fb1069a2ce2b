package org.gridgate.gateway.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import org.gridgate.caveat.LogSafe;
import org.gridgate.gateway.auth.Authenticator;
import org.gridgate.gateway.auth.Client;
import org.gridgate.gateway.auth.ConnectionCredentials;
import org.gridgate.gateway.metrics.DoorMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives one connection: request head, body chunks, response, one request at a time. It runs on a blocking
 * executor, not the event loop, so exchanges may touch the disk; the channel does not auto-read, and this handler
 * asks for the next read only when it has dealt with the last one, which keeps memory per transfer constant.
 */
public final class DoorHandler extends ChannelInboundHandlerAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(DoorHandler.class);
    private static final Logger ACCESS = LoggerFactory.getLogger("gridgate.access");

    private final Authenticator authenticator;
    private final Router router;
    private final DoorMetrics metrics;

    private ConnectionCredentials connection;
    private HttpRequest request;
    private Exchange exchange;
    private Responder responder;
    private Client client;
    private long startNanos;
    private boolean closing;
    private boolean draining;

    private long receivedBytes;

    public DoorHandler(Authenticator authenticator, Router router, DoorMetrics metrics) {
        this.authenticator = authenticator;
        this.router = router;
        this.metrics = metrics;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        ctx.read();
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (msg instanceof HttpRequest head) {
                onHead(ctx, head);
            }
            if (msg instanceof HttpContent content && request != null) {
                onContent(content);
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    /**
     * The next socket read is asked for only once every message of the last one has been dealt with (this event
     * comes after them through the same executor), so at most one read's worth of body waits in memory however
     * slow the disk is.
     */
    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (!closing) {
            ctx.read();
        }
    }

    private void onHead(ChannelHandlerContext ctx, HttpRequest head) {
        request = head;
        startNanos = System.nanoTime();
        receivedBytes = 0;
        client = null;
        boolean keepAlive = HttpUtil.isKeepAlive(head) && !draining;
        responder = new Responder(ctx, keepAlive);
        if (!head.decoderResult().isSuccess()) {
            fail(HttpError.badRequest("Malformed HTTP request"), true);
            return;
        }
        try {
            RequestPath path = RequestPath.fromUri(head.uri());
            HostHeader.check(head);
            client = authenticator.authenticate(head, connection(ctx));
            exchange = router.decide(new RequestHead(head, path, client, connection(ctx), () -> sendContinue(ctx)))
                    .begin();
        } catch (Throwable failure) {
            fail(failure, expectsBody(head));
        }
    }

    private void onContent(HttpContent content) {
        boolean last = content instanceof LastHttpContent;
        receivedBytes += content.content().readableBytes();
        if (exchange != null) {
            try {
                exchange.content(content.content());
                if (last) {
                    Exchange finishing = exchange;
                    exchange = null;
                    finishing.finish(responder);
                }
            } catch (Throwable failure) {
                abortExchange();
                fail(failure, !last);
            }
        }
        if (last) {
            logAccess();
            request = null;
        }
    }

    /**
     * Answers a failed request. If its body is still on the way, the connection is closed after the answer:
     * reading and discarding an unwanted upload would waste the client's bandwidth and ours.
     */
    private void fail(Throwable failure, boolean bodyStillComing) {
        HttpError error = ErrorMapping.toHttpError(failure);
        if (error == null) {
            LOG.error("Bug detected while serving {} {}", request.method(), safePath(), failure);
            error = new HttpError(HttpResponseStatus.INTERNAL_SERVER_ERROR, "Internal error");
        } else {
            LOG.info("{} {} {} refused ({}): {}", clientAddress(), request.method(), safePath(),
                    error.status().code(), LogSafe.escaped(error.logDetail()));
        }
        FullHttpResponse response = Responder.text(error.status(), error.getMessage() + "\n");
        if (error.status().equals(HttpResponseStatus.UNAUTHORIZED)
                && !request.headers().contains("Suppress-WWW-Authenticate")) {
            response.headers().add(HttpHeaderNames.WWW_AUTHENTICATE, "Bearer realm=\"GridGate\"");
        }
        if (bodyStillComing) {
            closing = true;
            responder = new Responder(responder.context(), false);
        }
        responder.send(response);
        if (bodyStillComing) {
            logAccess();
            request = null;
        }
    }

    private void sendContinue(ChannelHandlerContext ctx) {
        if (HttpUtil.is100ContinueExpected(request)) {
            ctx.writeAndFlush(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.CONTINUE));
        }
    }

    private static boolean expectsBody(HttpRequest head) {
        return HttpUtil.isTransferEncodingChunked(head) || HttpUtil.getContentLength(head, 0L) > 0;
    }

    private ConnectionCredentials connection(ChannelHandlerContext ctx) {
        if (connection == null) {
            SslHandler ssl = ctx.pipeline().get(SslHandler.class);
            connection = new ConnectionCredentials(
                    ((InetSocketAddress) ctx.channel().remoteAddress()).getAddress(),
                    ssl == null ? null : ssl.engine().getSession());
        }
        return connection;
    }

    private void logAccess() {
        if (request == null) {
            return;
        }
        long nanos = System.nanoTime() - startNanos;
        long millis = nanos / 1_000_000;
        int status = responder.sentStatus() == null ? 0 : responder.sentStatus().code();
        metrics.request(request.method().name(), status, java.time.Duration.ofNanos(nanos), receivedBytes,
                responder.sentBytes());
        // A third-party copy answers from its own thread after this line: "async" rather than a made-up status.
        ACCESS.info("{} \"{}\" \"{} {}\" {} {} {}ms", clientAddress(),
                client == null ? "-" : LogSafe.escaped(client.describe()), request.method(), safePath(),
                status == 0 ? "async" : Integer.toString(status), responder.sentBytes(), millis);
    }

    private String clientAddress() {
        return connection == null ? "-" : connection.peer().getHostAddress();
    }

    /**
     * The request path without its query, as the client wrote it but with control characters escaped: a query may
     * hold a bearer token, which must never reach a log, and the raw target may hold bytes (ESC, NEL) that the
     * request is refused for but that would otherwise reach the log first.
     */
    private String safePath() {
        String uri = request.uri();
        int query = uri.indexOf('?');
        return LogSafe.escaped(query < 0 ? uri : uri.substring(0, query));
    }

    private void abortExchange() {
        if (exchange != null) {
            Exchange aborting = exchange;
            exchange = null;
            aborting.abort();
        }
    }

    /**
     * The door is draining: a connection idle after a response closes now (once that response is out), as any
     * server may close an idle keep-alive connection; a busy one closes after the response to its current request.
     * A connection that has not sent its first request yet may still be sending it: it gets that one answered, with
     * {@code Connection: close}. Requests are never cut short here; the door's grace period bounds the wait.
     */
    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event != Drain.REQUESTED) {
            ctx.fireUserEventTriggered(event);
            return;
        }
        draining = true;
        if (responder != null) {
            responder.closeAfterResponse();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (exchange != null) {
            LOG.info("{} {} {} aborted: the client went away before the request was complete", clientAddress(),
                    request.method(), safePath());
        }
        abortExchange();
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("Connection from {} failed: {}", clientAddress(), cause.toString());
        abortExchange();
        ctx.close();
    }

}
