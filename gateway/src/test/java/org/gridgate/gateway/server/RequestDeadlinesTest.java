package org.gridgate.gateway.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.gridgate.gateway.metrics.DoorMetrics;
import org.junit.jupiter.api.Test;

/**
 * The connection's deadlines on the event loop's own clock (EmbeddedChannel, time advanced by hand): each holds at its
 * time and not before, and keep-alive requests, however many, move none of them. Nothing moving either way for five
 * minutes closes a connection whatever its state.
 */
class RequestDeadlinesTest {

    private final DoorMetrics metrics = new DoorMetrics();
    /** Every channel a test made: what they wrote and nobody read is released after it (Netty's leak detector). */
    private final java.util.List<EmbeddedChannel> channels = new java.util.ArrayList<>();

    @org.junit.jupiter.api.AfterEach
    void releaseWhatWasWritten() {
        channels.forEach(EmbeddedChannel::finishAndReleaseAll);
    }

    /** A door that answers every request 200 once its body is in, or never if {@code answer} is false. */
    private EmbeddedChannel door(DoorLimits limits, boolean answer) {
        RequestDeadlines deadlines = new RequestDeadlines(limits, new LimitLog(metrics, new AccessLog(AccessLog.Format.TEXT)));
        EmbeddedChannel channel = new EmbeddedChannel(new ChannelInitializer<Channel>() {
            @Override
            protected void initChannel(Channel ch) {
                ch.attr(ClientAddress.FROM_PROXY_HEADER).set(InetAddress.getLoopbackAddress());
                ch.pipeline().addLast(deadlines.bytes(), new HttpServerCodec(), deadlines.messages(),
                        new ChannelInboundHandlerAdapter() {
                            @Override
                            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                                boolean last = msg instanceof LastHttpContent;
                                ReferenceCountUtil.release(msg);
                                if (last && answer) {
                                    DefaultFullHttpResponse ok = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                                            HttpResponseStatus.OK);
                                    ok.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, 0);
                                    ctx.writeAndFlush(ok);
                                }
                            }
                        });
            }
        });
        channels.add(channel);
        return channel;
    }

    private static void send(EmbeddedChannel ch, String text) {
        ch.writeInbound(Unpooled.copiedBuffer(text, StandardCharsets.US_ASCII));
    }

    /** Time passes second by second, as it does for a real event loop, which runs each timer when it is due. */
    private static void advance(EmbeddedChannel ch, long seconds) {
        for (long s = 0; s < seconds; s++) {
            ch.advanceTimeBy(1, TimeUnit.SECONDS);
            ch.runScheduledPendingTasks();
            ch.runPendingTasks();
        }
    }

    private static String sent(EmbeddedChannel ch) {
        StringBuilder out = new StringBuilder();
        for (Object o; (o = ch.readOutbound()) != null; ) {
            if (o instanceof ByteBuf bytes) {
                out.append(bytes.toString(StandardCharsets.US_ASCII));
            }
            ReferenceCountUtil.release(o);
        }
        return out.toString();
    }

    private double applied(String reason) {
        Matcher m = Pattern.compile("gridgate_limits_applied_total\\{reason=\"" + reason + "\"\\} (\\S+)")
                .matcher(metrics.scrape());
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    @Test
    void aHeadNotCompleteWithinItsDeadlineOfItsFirstByteIsAnswered408AndClosed() {
        EmbeddedChannel ch = door(DoorLimits.DEFAULTS, true);
        advance(ch, 50);   // idle before the first byte does not count against the head
        send(ch, "GET /a HTTP/1.1\r\nHost: x\r\n");
        advance(ch, 29);
        assertThat(ch.isOpen()).isTrue();
        send(ch, "X-Trickle: 1\r\n");   // a trickling client is never idle, but its head's deadline holds
        advance(ch, 2);
        assertThat(sent(ch)).startsWith("HTTP/1.1 408 ");
        assertThat(ch.isOpen()).isFalse();
        assertThat(applied("request-head-timeout")).isEqualTo(1.0);
    }

    @Test
    void anIdleKeepAliveConnectionIsClosedAtItsDeadlineAfterItsLastResponse() {
        EmbeddedChannel ch = door(DoorLimits.DEFAULTS, true);
        send(ch, "GET /a HTTP/1.1\r\nHost: x\r\n\r\n");
        assertThat(sent(ch)).startsWith("HTTP/1.1 200 ");
        advance(ch, 59);
        assertThat(ch.isOpen()).isTrue();
        advance(ch, 2);
        assertThat(ch.isOpen()).isFalse();
        assertThat(sent(ch)).isEmpty();
        assertThat(applied("idle")).isEqualTo(1.0);
    }

    @Test
    void manyKeepAliveRequestsLeaveEveryDeadlineInForce() {
        EmbeddedChannel ch = door(DoorLimits.DEFAULTS, true);
        for (int i = 0; i < 300; i++) {   // 300 s of requests a second apart: past every deadline's length
            send(ch, "GET /a HTTP/1.1\r\nHost: x\r\n\r\n");
            advance(ch, 1);
        }
        assertThat(ch.isOpen()).isTrue();
        assertThat(sent(ch)).contains("HTTP/1.1 200 ").doesNotContain("408");
        send(ch, "GET /b HTTP/1.1\r\n");
        advance(ch, 29);
        assertThat(ch.isOpen()).isTrue();
        advance(ch, 2);
        assertThat(ch.isOpen()).isFalse();
        assertThat(sent(ch)).startsWith("HTTP/1.1 408 ");
        assertThat(applied("idle")).isZero();
    }

    @Test
    void aConnectionWaitingForItsAnswerIsNotIdleButIsClosedWhenNothingMovesForFiveMinutes() {
        EmbeddedChannel ch = door(DoorLimits.DEFAULTS, false);
        send(ch, "GET /a HTTP/1.1\r\nHost: x\r\n\r\n");
        advance(ch, 290);
        assertThat(ch.isOpen()).isTrue();
        advance(ch, 50);   // 340 s: 300 s, looked at every 30 s
        assertThat(ch.isOpen()).isFalse();
        assertThat(sent(ch)).isEmpty();
        assertThat(applied("idle")).isZero();
    }

    @Test
    void aResponseStillBeingWrittenKeepsItsConnectionOpen() {
        EmbeddedChannel ch = door(DoorLimits.DEFAULTS, false);
        send(ch, "GET /a HTTP/1.1\r\nHost: x\r\n\r\n");
        DefaultHttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
        HttpUtil.setTransferEncodingChunked(head, true);
        ch.writeAndFlush(head);
        for (int i = 0; i < 60; i++) {   // ten minutes of a progress line every 10 s (third-party copy markers)
            ch.writeAndFlush(new DefaultHttpContent(Unpooled.copiedBuffer("marker\n", StandardCharsets.US_ASCII)));
            advance(ch, 10);
        }
        assertThat(ch.isOpen()).isTrue();
        ch.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT);
        advance(ch, 59);
        assertThat(ch.isOpen()).isTrue();
        advance(ch, 2);
        assertThat(ch.isOpen()).isFalse();
        assertThat(applied("idle")).isEqualTo(1.0);
    }

    @Test
    void aBodyBelowTheFloorIsCutAndOneAboveItIsNot() {
        DoorLimits limits = DoorLimits.DEFAULTS.withBodyFloor(10, Duration.ofSeconds(300));
        EmbeddedChannel slow = door(limits, true);
        EmbeddedChannel fast = door(limits, true);
        for (EmbeddedChannel ch : new EmbeddedChannel[] {slow, fast}) {
            send(ch, "PUT /a HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\n");
        }
        for (int i = 0; i < 30; i++) {   // 300 s: the slow one brings 1 B/s, the fast one 20 B/s
            send(slow, "x".repeat(10));
            send(fast, "x".repeat(200));
            advance(slow, 10);
            advance(fast, 10);
        }
        advance(slow, 2);
        advance(fast, 2);
        assertThat(slow.isOpen()).isFalse();
        assertThat(sent(slow)).startsWith("HTTP/1.1 408 ");
        assertThat(fast.isOpen()).isTrue();
        assertThat(applied("body-too-slow")).isEqualTo(1.0);
    }
}
