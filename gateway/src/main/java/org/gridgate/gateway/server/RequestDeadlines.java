package org.gridgate.gateway.server;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.concurrent.ScheduledFuture;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.gridgate.caveat.LogSafe;

/**
 * The deadlines of one connection, which Netty's {@code IdleStateHandler} cannot express because a client that
 * trickles a byte every few seconds is never idle:
 * <ul>
 *   <li>a request head must be complete within {@link DoorLimits#requestHeadTimeout()} of its first byte, else it is
 *       answered 408 and the connection closed;</li>
 *   <li>a request body must bring at least {@link DoorLimits#bodyMinBytesPerSecond()} on average over
 *       {@link DoorLimits#bodyWindow()}, else the connection is closed (the upload is abandoned as any cut-off
 *       upload is). Only time the door spends waiting for the client counts: while the door holds back reads
 *       because its disk is slow, the client is not to blame;</li>
 *   <li>a connection with no request in progress (nothing being received, every response sent) is closed after
 *       {@link DoorLimits#idleTimeout()}.</li>
 * </ul>
 * It watches from two places in the pipeline: {@link #bytes()} after TLS sees the bytes and the reads the door asks
 * for, {@link #messages()} after the HTTP codec sees where heads, bodies and responses begin and end. Everything
 * runs on the connection's event loop, with one timer per connection that is rarely moved.
 */
final class RequestDeadlines {

    private enum Phase { BETWEEN, HEAD, BODY }

    private static final long MIN_CHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    private final DoorLimits limits;
    private final LimitLog log;
    private final long bodyWindowNanos;
    private final long minBodyBytesPerWindow;

    // Event loop only.
    private ChannelHandlerContext messagesCtx;
    private Phase phase = Phase.BETWEEN;
    private long phaseStartNanos = System.nanoTime();
    /** Requests whose head has arrived and whose response has not been sent in full. */
    private int unanswered;
    /** A final response head has been written and its end not yet. */
    private boolean answering;
    private String method = "-";
    private String path = "-";
    /** What is due next, and when; the one timer, and when it wakes (see {@link #schedule}). */
    private Runnable due;
    private long dueAtNanos;
    private ScheduledFuture<?> timer;
    private long timerAtNanos;
    private boolean readPending;
    private long readPendingSince;
    private long bodyBytes;
    private long waitedNanos;
    private boolean cut;

    RequestDeadlines(DoorLimits limits, LimitLog log) {
        this.limits = limits;
        this.log = log;
        this.bodyWindowNanos = limits.bodyWindow().toNanos();
        this.minBodyBytesPerWindow = (long) Math.ceil(limits.bodyMinBytesPerSecond()
                * (limits.bodyWindow().toMillis() / 1000.0));
    }

    /** Goes right after the TLS handler: the request's bytes, and the reads the door asks for. */
    ChannelHandler bytes() {
        return new Bytes();
    }

    /** Goes right after the HTTP codec: the requests' heads and ends, and the responses'. */
    ChannelHandler messages() {
        return new Messages();
    }

    private final class Bytes extends ChannelDuplexHandler {
        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            armIdle(ctx);
            ctx.fireChannelActive();
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof ByteBuf bytes && bytes.isReadable()) {
                received(ctx, bytes.readableBytes());
            }
            ctx.fireChannelRead(msg);
        }

        @Override
        public void read(ChannelHandlerContext ctx) {
            if (!readPending) {
                readPending = true;
                readPendingSince = System.nanoTime();
            }
            ctx.read();
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            stopTimer();
            ctx.fireChannelInactive();
        }
    }

    private final class Messages extends ChannelDuplexHandler {
        @Override
        public void handlerAdded(ChannelHandlerContext ctx) {
            messagesCtx = ctx;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            // Before the door sees it: the door may answer at once, and that answer must find the request counted.
            if (msg instanceof HttpRequest head) {
                headComplete(ctx, head);
            }
            if (msg instanceof LastHttpContent) {
                bodyComplete(ctx);
            }
            ctx.fireChannelRead(msg);
        }

        @Override
        public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
            if (msg instanceof HttpResponse response
                    && response.status().codeClass() == HttpStatusClass.INFORMATIONAL) {
                ctx.write(msg, promise);   // 100 Continue: the request goes on
                return;
            }
            if (msg instanceof HttpResponse) {
                answering = true;
            }
            if (msg instanceof LastHttpContent) {
                answering = false;
                ChannelPromise sent = promise.unvoid();
                sent.addListener(done -> answered(ctx));
                ctx.write(msg, sent);
                return;
            }
            ctx.write(msg, promise);
        }
    }

    private void received(ChannelHandlerContext ctx, int count) {
        long now = System.nanoTime();
        if (readPending) {
            readPending = false;
            if (phase == Phase.BODY) {
                waitedNanos += now - readPendingSince;
            }
        }
        if (phase == Phase.BETWEEN && !cut) {
            phase = Phase.HEAD;
            phaseStartNanos = now;
            schedule(ctx, limits.requestHeadTimeout().toNanos(), () -> headExpired(ctx));
        } else if (phase == Phase.BODY) {
            bodyBytes += count;
        }
    }

    private void headComplete(ChannelHandlerContext ctx, HttpRequest head) {
        cancelTimer();
        unanswered++;
        method = head.method().name();
        path = pathOf(head.uri());
        phase = Phase.BODY;
        phaseStartNanos = System.nanoTime();
        bodyBytes = 0;
        waitedNanos = 0;
        if (minBodyBytesPerWindow > 0 && bodyExpected(head)) {
            schedule(ctx, bodyWindowNanos, () -> checkBody(ctx));
        }
    }

    private static boolean bodyExpected(HttpRequest head) {
        try {
            return HttpUtil.isTransferEncodingChunked(head) || HttpUtil.getContentLength(head, 0L) > 0;
        } catch (NumberFormatException e) {
            return true;   // the door refuses such a request; until then, its body is watched
        }
    }

    private void bodyComplete(ChannelHandlerContext ctx) {
        if (phase == Phase.BODY) {
            cancelTimer();
            phase = Phase.BETWEEN;
            armIdle(ctx);
        }
    }

    private void answered(ChannelHandlerContext ctx) {
        unanswered = Math.max(0, unanswered - 1);
        armIdle(ctx);
    }

    private void armIdle(ChannelHandlerContext ctx) {
        if (phase == Phase.BETWEEN && unanswered == 0 && !cut && ctx.channel().isActive()) {
            schedule(ctx, limits.idleTimeout().toNanos(), () -> idleExpired(ctx));
        }
    }

    private void headExpired(ChannelHandlerContext ctx) {
        if (phase == Phase.HEAD) {
            // A 408 only when no earlier response is still going out, which it would corrupt.
            cutOff(ctx, unanswered == 0 && !answering, "request-head-timeout");
        }
    }

    private void checkBody(ChannelHandlerContext ctx) {
        if (phase != Phase.BODY) {
            return;
        }
        long now = System.nanoTime();
        if (readPending) {
            waitedNanos += now - readPendingSince;
            readPendingSince = now;
        }
        if (waitedNanos >= bodyWindowNanos) {
            if (bodyBytes < minBodyBytesPerWindow) {
                cutOff(ctx, !answering, "body-too-slow");
                return;
            }
            waitedNanos = 0;
            bodyBytes = 0;
        }
        schedule(ctx, Math.max(MIN_CHECK_NANOS, bodyWindowNanos - waitedNanos), () -> checkBody(ctx));
    }

    private void idleExpired(ChannelHandlerContext ctx) {
        if (phase == Phase.BETWEEN && unanswered == 0 && !cut) {
            cut = true;
            log.refused("idle");
            ctx.close();
        }
    }

    /** Cuts the connection, with a 408 first if {@code answer} (a response may be sent). */
    private void cutOff(ChannelHandlerContext ctx, boolean answer, String reason) {
        cut = true;
        cancelTimer();
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - phaseStartNanos);
        boolean known = phase != Phase.HEAD;
        log.cut(ClientAddress.of(ctx.channel()), known ? method : "-", known ? path : "-",
                answer ? 408 : AccessLog.NO_RESPONSE, millis, reason);
        if (answer && messagesCtx != null) {
            messagesCtx.writeAndFlush(requestTimeout(phase == Phase.HEAD
                    ? "The request head took too long\n" : "The request body came too slowly\n"))
                    .addListener(ChannelFutureListener.CLOSE);
        } else {
            ctx.close();
        }
    }

    private static FullHttpResponse requestTimeout(String message) {
        byte[] body = message.getBytes(StandardCharsets.US_ASCII);
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                HttpResponseStatus.REQUEST_TIMEOUT, io.netty.buffer.Unpooled.wrappedBuffer(body));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8")
                .setInt(HttpHeaderNames.CONTENT_LENGTH, body.length)
                .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        return response;
    }

    /**
     * Makes {@code task} due in {@code nanos}, in place of whatever was due. Every request moves the deadline two or
     * three times, so the timer is not cancelled and set again each time: it is moved only when it would wake too
     * late, and when it wakes too early it sleeps again until what is due then.
     */
    private void schedule(ChannelHandlerContext ctx, long nanos, Runnable task) {
        due = task;
        dueAtNanos = System.nanoTime() + nanos;
        if (timer == null || timerAtNanos - dueAtNanos > 0) {
            if (timer != null) {
                timer.cancel(false);
            }
            arm(ctx, nanos);
        }
    }

    private void arm(ChannelHandlerContext ctx, long nanos) {
        timerAtNanos = System.nanoTime() + nanos;
        timer = ctx.executor().schedule(() -> wake(ctx), nanos, TimeUnit.NANOSECONDS);
    }

    private void wake(ChannelHandlerContext ctx) {
        timer = null;
        if (due == null || !ctx.channel().isActive()) {
            return;
        }
        long left = dueAtNanos - System.nanoTime();
        if (left > 0) {
            arm(ctx, left);
            return;
        }
        Runnable task = due;
        due = null;
        task.run();
    }

    /** Nothing is due; a timer still set wakes to nothing. */
    private void cancelTimer() {
        due = null;
    }

    private void stopTimer() {
        due = null;
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }

    /** The path without its query, which may hold a bearer token; control characters escaped. */
    private static String pathOf(String uri) {
        int query = uri.indexOf('?');
        return LogSafe.escaped(query < 0 ? uri : uri.substring(0, query));
    }
}
