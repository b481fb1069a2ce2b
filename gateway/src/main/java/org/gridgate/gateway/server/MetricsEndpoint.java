package org.gridgate.gateway.server;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.ServerChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.net.InetSocketAddress;
import org.gridgate.gateway.metrics.DoorMetrics;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The management listener, plain HTTP, meant for a loopback or management address: {@code GET /metrics} in
 * Prometheus text format (metrics reveal traffic patterns, not data, but they are not for the storage clients), and
 * {@code GET /health} for load balancers in front of several doors: 200 while the door serves, 503 once it drains,
 * so that it leaves the rotation while its last transfers finish; {@code GET /ready}: 200 while the door is
 * ready for new traffic, 503 with the reason when not ({@link Readiness}: draining, secrets unusable or ZooKeeper
 * lost, storage root not writable), for load balancers' health checks; {@code GET /status} (and {@code /}), the
 * admins' page ({@link StatusPage}).
 */
final class MetricsEndpoint {

    private MetricsEndpoint() {
    }

    static ChannelFuture bind(EventLoopGroup group, Class<? extends ServerChannel> channelType, DoorMetrics metrics,
                         BooleanSupplier draining, Supplier<Optional<String>> notReady, Supplier<String> statusPage,
                         InetSocketAddress address) {
        return new ServerBootstrap()
                .group(group)
                .channel(channelType)
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(4096),
                                new Handler(metrics, draining, notReady, statusPage));
                    }
                })
                .bind(address);
    }

    private static final class Handler extends SimpleChannelInboundHandler<FullHttpRequest> {
        private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";
        private static final String PLAIN_TEXT = "text/plain; charset=utf-8";
        private static final String HTML = "text/html; charset=utf-8";

        private final DoorMetrics metrics;
        private final BooleanSupplier draining;
        private final Supplier<Optional<String>> notReady;
        private final Supplier<String> statusPage;

        Handler(DoorMetrics metrics, BooleanSupplier draining, Supplier<Optional<String>> notReady,
                Supplier<String> statusPage) {
            this.metrics = metrics;
            this.draining = draining;
            this.notReady = notReady;
            this.statusPage = statusPage;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
            FullHttpResponse response;
            if (!request.method().equals(HttpMethod.GET)) {
                response = answer(HttpResponseStatus.NOT_FOUND, PLAIN_TEXT, "Not found\n");
            } else if (request.uri().equals("/metrics")) {
                response = answer(HttpResponseStatus.OK, PROMETHEUS_TEXT, metrics.scrape());
            } else if (request.uri().equals("/status") || request.uri().equals("/")) {
                response = answer(HttpResponseStatus.OK, HTML, statusPage.get());
                // No external assets, no scripts: a strict policy costs nothing and stops injected markup running.
                response.headers().set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'");
            } else if (request.uri().equals("/health")) {
                response = draining.getAsBoolean()
                        ? answer(HttpResponseStatus.SERVICE_UNAVAILABLE, PLAIN_TEXT, "draining\n")
                        : answer(HttpResponseStatus.OK, PLAIN_TEXT, "serving\n");
            } else if (request.uri().equals("/ready")) {
                Optional<String> why = notReady.get();
                response = why.isPresent()
                        ? answer(HttpResponseStatus.SERVICE_UNAVAILABLE, PLAIN_TEXT, "not ready: " + why.get() + "\n")
                        : answer(HttpResponseStatus.OK, PLAIN_TEXT, "ready\n");
            } else {
                response = answer(HttpResponseStatus.NOT_FOUND, PLAIN_TEXT, "Not found\n");
            }
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
        }

        private static FullHttpResponse answer(HttpResponseStatus status, String contentType, String body) {
            FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                    Unpooled.copiedBuffer(body, StandardCharsets.UTF_8));
            response.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
            HttpUtil.setContentLength(response, response.content().readableBytes());
            return response;
        }
    }
}
