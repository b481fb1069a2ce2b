package org.gridgate.gateway.server;

import io.netty.buffer.ByteBuf;
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
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.gridgate.caveat.LogSafe;
import org.gridgate.gateway.auth.Authenticator;
import org.gridgate.gateway.auth.Client;
import org.gridgate.gateway.auth.ConnectionCredentials;
import org.gridgate.gateway.http.ErrorMapping;
import org.gridgate.gateway.http.Exchange;
import org.gridgate.gateway.http.HostHeader;
import org.gridgate.gateway.http.HttpError;
import org.gridgate.gateway.http.RequestHead;
import org.gridgate.gateway.http.RequestPath;
import org.gridgate.gateway.http.Responder;
import org.gridgate.gateway.http.Router;
import org.gridgate.gateway.metrics.DoorMetrics;
import org.gridgate.gateway.refusal.AuthenticationFailedException;
import org.gridgate.gateway.refusal.HeadTooLargeException;
import org.gridgate.gateway.refusal.MalformedRequestException;
import org.gridgate.gateway.refusal.RefusedException;
import org.gridgate.gateway.token.KeysNotAtHandException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives one connection, one request at a time, on the connection's event loop: the request head is parsed,
 * authenticated and authorized ({@link Router#decide}) here, and a refusal is answered from here. Whatever may touch
 * the disk (the decided exchange: its start, each body chunk, its finish) runs on the connection's lane of the
 * {@link IoExecutor}, in order.
 *
 * <p>The messages of one socket read become one batch of work for the lane, and the next socket read is asked
 * for only when that batch is done (the channel does not auto-read), so at most one read's worth of body waits in
 * memory however slow the disk is, and a small request costs one hand-off to the lane and one back.
 */
final class DoorHandler extends ChannelInboundHandlerAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(DoorHandler.class);

    private final Authenticator authenticator;
    private final Router router;
    private final DoorMetrics metrics;
    private final Executor lane;
    private final Executor readAhead;
    private final AccessLog accessLog;
    private final RequestLimits limits;

    // Event loop only.
    private ChannelHandlerContext ctx;
    private ConnectionCredentials connection;
    /** The request whose body is being received; null between requests. */
    private InFlight receiving;
    /** The latest request, answered or not: a drain closes the connection after its response. */
    private InFlight latest;
    private final List<Runnable> batch = new ArrayList<>();
    private int batchesInFlight;
    private boolean readWanted;
    private boolean draining;

    /** Set by the lane when a request's body will not be read: no further socket read, the response closes. */
    private volatile boolean closing;

    DoorHandler(Authenticator authenticator, Router router, DoorMetrics metrics, Executor lane, Executor readAhead,
                AccessLog accessLog, RequestLimits limits) {
        this.limits = limits;
        this.authenticator = authenticator;
        this.router = router;
        this.metrics = metrics;
        this.lane = lane;
        this.readAhead = readAhead;
        this.accessLog = accessLog;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        ctx.read();
        ctx.fireChannelActive();
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (msg instanceof HttpRequest head) {
                onHead(head);
            }
            if (msg instanceof HttpContent content && receiving != null) {
                onContent(content);
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    /** The batch of this read goes to the lane; the next read waits for it (see the class comment). */
    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        readWanted = true;
        submitBatch();
        readIfIdle();
    }

    private void onHead(HttpRequest head) {
        boolean keepAlive = HttpUtil.isKeepAlive(head) && !draining;
        String requestId = AccessLog.newRequestId();
        InFlight request = new InFlight(head, new Responder(ctx, keepAlive, readAhead, requestId), requestId);
        receiving = request;
        latest = request;
        if (!head.decoderResult().isSuccess()) {
            request.refusedAtHead = true;
            RefusedException refusal = decodingRefusal(head.decoderResult().cause());
            inOrder(() -> request.fail(refusal, true));
            return;
        }
        try {
            limits.admit(connection().peer());
            RequestPath path = RequestPath.fromUri(head.uri());
            HostHeader.check(head);
            Client client;
            try {
                client = authenticate(head);
            } catch (KeysNotAtHandException keysNeeded) {
                // A WLCG token whose issuer's keys must be fetched first: blocking I/O, so this request goes on on
                // its lane, which waits a bounded time; its body follows it there, in order.
                request.offLoop = true;
                ConnectionCredentials credentials = connection();
                onLane(() -> request.beginFetchingKeys(path, credentials));
                return;
            }
            request.client = client;
            // Authorization, here on the event loop: no storage is asked before the request is known to be allowed.
            Router.Decision decision = router.decide(
                    new RequestHead(head, path, client, connection(), () -> sendContinue(head)));
            if (decision.touchesStorage()) {
                onLane(() -> request.begin(decision));
            } else {
                request.inMemory = true;
                inOrder(() -> request.begin(decision));
            }
        } catch (Throwable failure) {
            boolean bodyComing = expectsBody(head);
            request.refusedAtHead = true;
            inOrder(() -> request.fail(failure, bodyComing));
        }
    }

    /** Authenticates the request; a refused credential counts against the client's address. */
    private Client authenticate(HttpRequest head) throws RefusedException, KeysNotAtHandException {
        try {
            return authenticator.authenticate(head, connection());
        } catch (AuthenticationFailedException failed) {
            limits.authenticationFailed(connection().peer());
            throw failed;
        }
    }

    /** Why Netty could not read a request head. */
    private static RefusedException decodingRefusal(Throwable cause) {
        if (cause instanceof TooLongHttpLineException) {
            return new HeadTooLargeException(HeadTooLargeException.Part.REQUEST_LINE, "Request line too long");
        }
        if (cause instanceof TooLongHttpHeaderException) {
            return new HeadTooLargeException(HeadTooLargeException.Part.HEADER_FIELDS, "Request header fields too large");
        }
        return new MalformedRequestException("Malformed HTTP request");
    }

    private void onContent(HttpContent content) {
        InFlight request = receiving;
        boolean last = content instanceof LastHttpContent;
        if (last) {
            receiving = null;
        }
        ByteBuf data = content.content().retain();
        Runnable work = () -> {
            try {
                request.content(data, last);
            } finally {
                data.release();
            }
        };
        if (request.refusedAtHead || request.inMemory) {
            inOrder(work);   // no disk: here, unless earlier work of this connection is still queued
        } else {
            onLane(work);
        }
    }

    /**
     * Runs {@code work} after everything this connection has queued: at once, here on the event loop, when
     * nothing is queued (a refusal needs no disk), else at the end of the current batch.
     */
    private void inOrder(Runnable work) {
        if (batch.isEmpty() && batchesInFlight == 0) {
            work.run();
        } else {
            batch.add(work);
        }
    }

    /** Queues work that may block: it runs on the lane with the rest of this read's batch. */
    private void onLane(Runnable work) {
        batch.add(work);
    }

    /** Hands this read's batch to the lane. */
    private void submitBatch() {
        if (batch.isEmpty()) {
            return;
        }
        List<Runnable> work = List.copyOf(batch);
        batch.clear();
        batchesInFlight++;
        try {
            lane.execute(() -> {
                try {
                    for (Runnable step : work) {
                        step.run();
                    }
                } finally {
                    try {
                        ctx.executor().execute(this::batchDone);
                    } catch (RejectedExecutionException e) {
                        // The event loop has stopped with the door: nothing is left to read or answer.
                    }
                }
            });
        } catch (RejectedExecutionException e) {
            // The door is closing down: this connection's work will not run.
            batchesInFlight--;
            ctx.close();
        }
    }

    private void batchDone() {
        batchesInFlight--;
        submitBatch();
        readIfIdle();
    }

    private void readIfIdle() {
        if (readWanted && batchesInFlight == 0 && batch.isEmpty() && !closing) {
            readWanted = false;
            ctx.read();
        }
    }

    /** Sent by the exchange (on the lane) once the request is authorized, so a refused client never sends its body. */
    private void sendContinue(HttpRequest head) {
        if (HttpUtil.is100ContinueExpected(head)) {
            ctx.writeAndFlush(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.CONTINUE));
        }
    }

    private static boolean expectsBody(HttpRequest head) {
        return HttpUtil.isTransferEncodingChunked(head) || HttpUtil.getContentLength(head, 0L) > 0;
    }

    private ConnectionCredentials connection() {
        if (connection == null) {
            SslHandler ssl = ctx.pipeline().get(SslHandler.class);
            connection = new ConnectionCredentials(ClientAddress.of(ctx.channel()),
                    ssl == null ? null : ssl.engine().getSession());
        }
        return connection;
    }

    /**
     * The client's address, for every log line, as {@link ClientAddress} tells it (where a PROXY-protocol header,
     * once the door reads one, is to be applied, in one place).
     */
    private String clientAddress() {
        ConnectionCredentials known = connection;
        if (known != null) {
            return known.peer().getHostAddress();
        }
        return ctx != null && ctx.channel().remoteAddress() instanceof InetSocketAddress
                ? ClientAddress.of(ctx.channel()).getHostAddress() : "-";
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
        InFlight request = latest;
        if (request != null) {
            inOrder(request.responder::closeAfterResponse);
            submitBatch();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        InFlight request = receiving;
        if (request != null) {
            onLane(request::clientWentAway);
        }
        submitBatch();
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("Connection from {} failed: {}", clientAddress(), cause.toString());
        InFlight request = receiving;
        if (request != null) {
            onLane(request::abort);
        }
        submitBatch();
        ctx.close();
    }

    /**
     * One request. Created on the event loop with its head; from then on its state is touched by one thread at a
     * time, in order: the event loop for an immediate refusal, else the lane.
     */
    private final class InFlight {
        private final HttpRequest request;
        private final Responder responder;
        private final long startNanos = System.nanoTime();
        private final Instant started = Instant.now();
        private final String requestId;
        /** Why the door refused it, for the access line; null if it did not. */
        private String refusal;
        /** Event loop only: refused before any exchange began, so the rest of it needs no lane. */
        private boolean refusedAtHead;
        /** Event loop only: its exchange never touches storage (a mint), so it is served here too. */
        private boolean inMemory;
        /** Event loop only: authenticated and decided on the lane (token keys to fetch), so all of it runs there. */
        private boolean offLoop;
        private Client client;
        private Exchange exchange;
        private long receivedBytes;
        /** Answered and logged, or refused: the rest of the body is ignored. */
        private boolean over;

        InFlight(HttpRequest request, Responder responder, String requestId) {
            this.request = request;
            this.responder = responder;
            this.requestId = requestId;
        }

        /** On the lane: authentication that may wait for a token issuer's keys, then the decision and its start. */
        void beginFetchingKeys(RequestPath path, ConnectionCredentials credentials) {
            try {
                try {
                    client = authenticator.authenticateFetchingKeys(request, credentials);
                } catch (AuthenticationFailedException failed) {
                    limits.authenticationFailed(credentials.peer());
                    throw failed;
                }
                begin(router.decide(new RequestHead(request, path, client, credentials, () -> sendContinue(request))));
            } catch (Throwable failure) {
                fail(failure, expectsBody(request));
            }
        }

        void begin(Router.Decision decision) {
            try {
                exchange = decision.begin();
            } catch (Throwable failure) {
                fail(failure, expectsBody(request));
            }
        }

        void content(ByteBuf data, boolean last) {
            if (over) {
                return;
            }
            receivedBytes += data.readableBytes();
            if (exchange != null) {
                try {
                    exchange.content(data);
                    if (last) {
                        Exchange finishing = exchange;
                        exchange = null;
                        finishing.finish(responder);
                    }
                } catch (Throwable failure) {
                    abort();
                    fail(failure, !last);
                }
            }
            if (last && !over) {
                logAccess();
                over = true;
            }
        }

        /**
         * Answers a failed request. If its body is still on the way, the connection is closed after the answer:
         * reading and discarding an unwanted upload would waste the client's bandwidth and ours.
         */
        void fail(Throwable failure, boolean bodyStillComing) {
            if (over) {
                return;
            }
            HttpError error = ErrorMapping.toHttpError(failure);
            if (error == null) {
                LOG.error("Bug detected while serving {} {}", request.method(), safePath(), failure);
                error = ErrorMapping.internalError();
            } else {
                // An expected refusal: the request's access line says why, so the door's log stays quiet.
                refusal = error.logDetail();
                LOG.debug("{} {} {} refused ({}): {}", clientAddress(), request.method(), safePath(),
                        error.status().code(), LogSafe.escaped(error.logDetail()));
            }
            FullHttpResponse response = router.refusal(request, error);
            if (bodyStillComing) {
                closing = true;
                responder.closeAfterResponseDroppingTheBody();
            }
            responder.send(response);
            if (bodyStillComing) {
                logAccess();
                over = true;
            }
        }

        void clientWentAway() {
            if (exchange != null) {
                LOG.info("{} {} {} aborted: the client went away before the request was complete", clientAddress(),
                        request.method(), safePath());
            }
            abort();
        }

        void abort() {
            if (exchange != null) {
                Exchange aborting = exchange;
                exchange = null;
                aborting.abort();
            }
        }

        private void logAccess() {
            long nanos = System.nanoTime() - startNanos;
            int status = responder.sentStatus() == null ? 0 : responder.sentStatus().code();
            metrics.request(request.method().name(), status, credentialKind(client), Duration.ofNanos(nanos),
                    receivedBytes, responder.sentBytes());
            // A third-party copy answers from its own thread after this line: "async" rather than a made-up status.
            accessLog.write(new AccessLog.Entry(started, clientAddress(), client == null ? "-" : client.describe(),
                    request.method().name(), pathWithoutQuery(), request.protocolVersion().text(), status, receivedBytes,
                    responder.sentBytes(), nanos / 1000, request.headers().get(HttpHeaderNames.USER_AGENT),
                    requestId, refusal));
        }

        /** The metrics' name for how the client authenticated: a fixed set of words. */
        private static String credentialKind(Client client) {
            if (client instanceof Client.X509) {
                return "x509";
            }
            if (client instanceof Client.Bearer) {
                return "macaroon";
            }
            if (client instanceof Client.Token) {
                return "token";
            }
            return client instanceof Client.Anonymous ? "anonymous" : "none";
        }

        /**
         * The request path without its query, as the client wrote it but with control characters escaped: a query
         * may hold a bearer token, which must never reach a log, and the raw target may hold bytes (ESC, NEL) that
         * the request is refused for but that would otherwise reach the log first.
         */
        private String safePath() {
            return LogSafe.escaped(pathWithoutQuery());
        }

        /** As the client wrote it, control characters and all: {@link AccessLog} escapes for its format. */
        private String pathWithoutQuery() {
            String uri = request.uri();
            int query = uri.indexOf('?');
            return query < 0 ? uri : uri.substring(0, query);
        }
    }
}
