package org.gridgate.gateway.server;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundBuffer;
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
import io.netty.util.concurrent.Ticker;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
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
 *       {@link DoorLimits#idleTimeout()};</li>
 *   <li>a connection on which nothing moves either way for {@link #STALLED} is closed, whatever its request's state:
 *       a client that stops reading its download. It is looked at every tenth of that, so it is closed between
 *       {@code STALLED} and 1.2 times that after the last byte moved.</li>
 * </ul>
 * It watches from two places in the pipeline: {@link #bytes()} after TLS sees the bytes and the reads the door asks
 * for, {@link #messages()} after the HTTP codec sees where heads, bodies and responses begin and end. Everything
 * runs on the connection's event loop, on the event loop's clock.
 *
 * <p>A request only moves timestamps; it never sets or cancels a timer. The connection's one timer is set for at
 * most the shortest of the deadlines ahead and a tenth of {@link #STALLED} ({@link #horizonNanos}): every deadline a
 * request can start lies at least that far ahead of the moment it starts, so the timer, wherever it was set, wakes
 * no later than any deadline. When it wakes it works out from the timestamps and counters what is due, acts on it,
 * and sets itself again. A keep-alive connection serving thousands of small requests a second thus costs one timer
 * task per 30 s (the defaults), where a timer moved per request, and Netty's idle handler's listener on every
 * write, cost the door measurable CPU per request.
 */
final class RequestDeadlines {

    private enum Phase { BETWEEN, HEAD, BODY }

    private static final long MIN_CHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
    private static final long NOTHING_DUE = Long.MAX_VALUE;
    /** Nothing read, nothing written for this long: the connection is closed, without a line (it was Netty's idle
     *  handler's job, which cost a listener on every write). */
    static final Duration STALLED = Duration.ofSeconds(300);

    private final DoorLimits limits;
    private final LimitLog log;
    private final long headNanos;
    private final long idleNanos;
    private final long bodyWindowNanos;
    private final long minBodyBytesPerWindow;
    /** No deadline a request starts lies nearer than this to the moment it starts. */
    private final long horizonNanos;
    private final long stalledNanos;
    private final long stallCheckNanos;
    private final Runnable wake = this::wake;

    // Event loop only.
    private ChannelHandlerContext bytesCtx;
    private ChannelHandlerContext messagesCtx;
    private Ticker clock;
    private Phase phase = Phase.BETWEEN;
    private long phaseStartNanos;
    /** Requests whose head has arrived and whose response has not been written in full. */
    private int unanswered;
    /** A final response head has been written and its end not yet. */
    private boolean answering;
    /** When the connection last had no request in progress: its idle deadline runs from here. */
    private long idleSinceNanos;
    private String method = "-";
    private String path = "-";
    /** The request's body is held to the floor; the next check of it is due at {@link #bodyCheckAtNanos}. */
    private boolean bodyWatched;
    private long bodyCheckAtNanos;
    private ScheduledFuture<?> timer;
    private boolean readPending;
    /** A read the door asked for while a watched body was coming, and since when it waits for the client. */
    private boolean readTimed;
    private long readPendingSince;
    private long bodyBytes;
    private long waitedNanos;
    private boolean cut;
    /** What moved, counted as it moves, and what had moved when last looked at (see {@link #stalled}). */
    private long reads;
    private long lastReadNanos;
    private long writes;
    private long seenReads;
    private long seenWrites;
    private long seenPending;
    private long seenProgress;
    private int seenCurrent;
    private long movedAtNanos;
    private long stallCheckAtNanos;

    RequestDeadlines(DoorLimits limits, LimitLog log) {
        this(limits, log, STALLED);
    }

    RequestDeadlines(DoorLimits limits, LimitLog log, Duration stalled) {
        this.limits = limits;
        this.log = log;
        this.headNanos = limits.requestHeadTimeout().toNanos();
        this.idleNanos = limits.idleTimeout().toNanos();
        this.bodyWindowNanos = limits.bodyWindow().toNanos();
        this.minBodyBytesPerWindow = (long) Math.ceil(limits.bodyMinBytesPerSecond()
                * (limits.bodyWindow().toMillis() / 1000.0));
        long horizon = Math.min(headNanos, idleNanos);
        this.stalledNanos = stalled.toNanos();
        this.stallCheckNanos = stalledNanos / 10;
        this.horizonNanos = Math.min(stallCheckNanos,
                minBodyBytesPerWindow > 0 ? Math.min(horizon, bodyWindowNanos) : horizon);
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
        public void handlerAdded(ChannelHandlerContext ctx) {
            bytesCtx = ctx;
            clock = ctx.executor().ticker();
            long now = clock.nanoTime();
            phaseStartNanos = now;
            idleSinceNanos = now;
            movedAtNanos = now;
            stallCheckAtNanos = now + stallCheckNanos;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            long now = clock.nanoTime();
            idleSinceNanos = now;
            watch(now);
            ctx.fireChannelActive();
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof ByteBuf bytes && bytes.isReadable()) {
                received(bytes.readableBytes());
            }
            ctx.fireChannelRead(msg);
        }

        @Override
        public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
            writes++;
            ctx.write(msg, promise);
        }

        @Override
        public void read(ChannelHandlerContext ctx) {
            if (!readPending) {
                readPending = true;
                // The clock is read only when the wait can count against a body.
                readTimed = phase == Phase.BODY && bodyWatched;
                if (readTimed) {
                    readPendingSince = clock.nanoTime();
                }
            }
            ctx.read();
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (timer != null) {
                timer.cancel(false);
                timer = null;
            }
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
                headComplete(head);
            }
            if (msg instanceof LastHttpContent) {
                bodyComplete();
            }
            ctx.fireChannelRead(msg);
        }

        @Override
        public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
            if (msg instanceof HttpResponse response) {
                if (response.status().codeClass() == HttpStatusClass.INFORMATIONAL) {
                    ctx.write(msg, promise);   // 100 Continue: the request goes on
                    return;
                }
                answering = true;
            }
            if (msg instanceof LastHttpContent) {
                // Written, not yet sent: no listener per response. What is still on its way to the client when the
                // idle deadline comes postpones it (idleExpired).
                answering = false;
                unanswered = Math.max(0, unanswered - 1);
                if (phase == Phase.BETWEEN && unanswered == 0) {
                    idleSinceNanos = clock.nanoTime();
                    watch(idleSinceNanos);
                }
            }
            ctx.write(msg, promise);
        }
    }

    private void received(int count) {
        reads++;
        long now = clock.nanoTime();
        lastReadNanos = now;
        if (readPending) {
            readPending = false;
            if (readTimed && phase == Phase.BODY) {
                waitedNanos += now - readPendingSince;
            }
        }
        if (phase == Phase.BETWEEN && !cut) {
            phase = Phase.HEAD;
            phaseStartNanos = now;
            watch(now);
        } else if (phase == Phase.BODY) {
            bodyBytes += count;
        }
    }

    private void headComplete(HttpRequest head) {
        unanswered++;
        method = head.method().name();
        path = pathOf(head.uri());
        phase = Phase.BODY;
        // The head's last bytes were just received: their time is the body's start, without reading the clock.
        bodyBytes = 0;
        waitedNanos = 0;
        bodyWatched = minBodyBytesPerWindow > 0 && bodyExpected(head);
        if (bodyWatched) {
            long now = clock.nanoTime();
            phaseStartNanos = now;
            bodyCheckAtNanos = now + bodyWindowNanos;
            watch(now);
        }
    }

    private static boolean bodyExpected(HttpRequest head) {
        try {
            return HttpUtil.isTransferEncodingChunked(head) || HttpUtil.getContentLength(head, 0L) > 0;
        } catch (NumberFormatException e) {
            return true;   // the door refuses such a request; until then, its body is watched
        }
    }

    private void bodyComplete() {
        if (phase == Phase.BODY) {
            phase = Phase.BETWEEN;
            bodyWatched = false;
            if (unanswered == 0) {   // answered before its body ended (a refusal)
                idleSinceNanos = clock.nanoTime();
                watch(idleSinceNanos);
            }
        }
    }

    /** When the timer must wake next: the next deadline, or the next look at whether anything moved. */
    private long dueAt() {
        return Math.min(deadline(), stallCheckAtNanos);
    }

    /** When the next deadline is due, from the timestamps alone; {@link #NOTHING_DUE} if none runs. */
    private long deadline() {
        if (cut) {
            return NOTHING_DUE;
        }
        return switch (phase) {
            case HEAD -> phaseStartNanos + headNanos;
            case BODY -> bodyWatched ? bodyCheckAtNanos : NOTHING_DUE;
            case BETWEEN -> unanswered == 0 ? idleSinceNanos + idleNanos : NOTHING_DUE;
        };
    }

    /**
     * A deadline has started at {@code now}. A timer already set wakes early enough (see the class comment); without
     * one, one is set.
     */
    private void watch(long now) {
        if (timer == null && !cut && bytesCtx.channel().isActive()) {
            arm(now, dueAt());
        }
    }

    private void arm(long now, long due) {
        long at = due == NOTHING_DUE ? now + horizonNanos : Math.min(due, now + horizonNanos);
        timer = bytesCtx.executor().schedule(wake, Math.max(0, at - now), TimeUnit.NANOSECONDS);
    }

    private void wake() {
        timer = null;
        if (cut || !bytesCtx.channel().isActive()) {
            return;
        }
        long now = clock.nanoTime();
        if (now - stallCheckAtNanos >= 0) {
            if (stalled(now)) {
                return;
            }
            stallCheckAtNanos = now + stallCheckNanos;
        }
        long deadline = deadline();
        if (deadline != NOTHING_DUE && deadline - now <= 0) {
            switch (phase) {
                case HEAD -> headExpired(now);
                case BODY -> checkBody(now);
                case BETWEEN -> idleExpired(now);
            }
        }
        if (timer == null && !cut) {
            arm(now, dueAt());
        }
    }

    /**
     * Whether nothing has moved either way for {@link #STALLED}, and if so closes the connection. Bytes read and
     * writes are counted as they pass; what was written has moved when it has all gone out, or when the channel's
     * outbound buffer has sent some of it since the last look (as Netty's idle handler observes output).
     */
    private boolean stalled(long now) {
        ChannelOutboundBuffer out = bytesCtx.channel().unsafe().outboundBuffer();
        long pending = out == null ? 0 : out.totalPendingWriteBytes();
        long progress = out == null ? 0 : out.currentProgress();
        Object current = out == null ? null : out.current();
        int currentId = current == null ? 0 : System.identityHashCode(current);
        boolean read = reads != seenReads;
        boolean written = (writes != seenWrites && pending == 0) || pending != seenPending
                || progress != seenProgress || currentId != seenCurrent;
        seenReads = reads;
        seenWrites = writes;
        seenPending = pending;
        seenProgress = progress;
        seenCurrent = currentId;
        if (written || read) {
            movedAtNanos = written ? now : lastReadNanos;   // a read's time is known; a write's only roughly
        }
        if (now - movedAtNanos < stalledNanos) {
            return false;
        }
        cut = true;
        bytesCtx.close();
        return true;
    }

    private void headExpired(long now) {
        // A 408 only when no earlier response is still going out, which it would corrupt.
        cutOff(now, unanswered == 0 && !answering, "request-head-timeout");
    }

    private void checkBody(long now) {
        if (readPending && readTimed) {
            waitedNanos += now - readPendingSince;
            readPendingSince = now;
        }
        if (waitedNanos >= bodyWindowNanos) {
            if (bodyBytes < minBodyBytesPerWindow) {
                cutOff(now, !answering, "body-too-slow");
                return;
            }
            waitedNanos = 0;
            bodyBytes = 0;
        }
        bodyCheckAtNanos = now + Math.max(MIN_CHECK_NANOS, bodyWindowNanos - waitedNanos);
    }

    private void idleExpired(long now) {
        ChannelOutboundBuffer unsent = bytesCtx.channel().unsafe().outboundBuffer();
        if (unsent != null && unsent.totalPendingWriteBytes() > 0) {
            idleSinceNanos = now;   // the last response is still on its way: not idle yet
            return;
        }
        cut = true;
        log.refused("idle");
        bytesCtx.close();
    }

    /** Cuts the connection, with a 408 first if {@code answer} (a response may be sent). */
    private void cutOff(long now, boolean answer, String reason) {
        cut = true;
        long millis = TimeUnit.NANOSECONDS.toMillis(now - phaseStartNanos);
        boolean known = phase != Phase.HEAD;
        log.cut(ClientAddress.of(bytesCtx.channel()), known ? method : "-", known ? path : "-",
                answer ? 408 : AccessLog.NO_RESPONSE, millis, reason);
        if (answer && messagesCtx != null) {
            messagesCtx.writeAndFlush(requestTimeout(phase == Phase.HEAD
                    ? "The request head took too long\n" : "The request body came too slowly\n"))
                    .addListener(ChannelFutureListener.CLOSE);
        } else {
            bytesCtx.close();
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

    /** The path without its query, which may hold a bearer token; control characters escaped. */
    private static String pathOf(String uri) {
        int query = uri.indexOf('?');
        return LogSafe.escaped(query < 0 ? uri : uri.substring(0, query));
    }
}
