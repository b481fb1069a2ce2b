package org.gridgate.gateway;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Many misbehaving connections to a door from one loopback address other than the well-behaved client's
 * (127.0.0.1): all of {@code 127.0.0.0/8} is loopback, so each address is its own client to the door's per-address
 * limits. Netty on one event loop holds thousands of them for the price of one thread.
 */
final class Abusers implements AutoCloseable {

    /** One abusive connection: when it became ready (TCP connected or TLS established), when the door closed it. */
    static final class Connection {
        final Channel channel;
        volatile long readyNanos;
        volatile Throwable connectFailure;
        final CompletableFuture<Long> closedNanos = new CompletableFuture<>();
        private final StringBuilder received = new StringBuilder();

        Connection(Channel channel) {
            this.channel = channel;
        }

        @Override
        public String toString() {
            return "connection " + channel.localAddress() + (readyNanos == 0 ? " never ready " + connectFailure
                    : closedNanos.isDone() ? " open " + secondsOpen() + " s" : " open");
        }

        /** What the door sent, as text. */
        String received() {
            synchronized (received) {
                return received.toString();
            }
        }

        /** Seconds from ready to closed; the connection must be closed. */
        double secondsOpen() {
            return (closedNanos.join() - readyNanos) / 1e9;
        }

        /** Sends text on the connection's event loop. */
        void send(String text) {
            channel.writeAndFlush(Unpooled.copiedBuffer(text, StandardCharsets.ISO_8859_1));
        }

        /** Sends {@code text} every {@code period} while the connection is open. */
        void trickle(String text, long periodMillis) {
            channel.eventLoop().scheduleAtFixedRate(() -> {
                if (channel.isActive()) {
                    send(text);
                }
            }, periodMillis, periodMillis, TimeUnit.MILLISECONDS);
        }
    }

    /** Connections are opened this many at a time, a pause apart: thousands arrive within a second or two. */
    private static final int BATCH = 100;
    private static final long BATCH_PAUSE_MILLIS = 100;

    private final EventLoopGroup loop = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final SslContext tls;
    private final int port;
    private final String from;

    /** @param from the local address the connections come from, e.g. {@code 127.0.0.2} */
    Abusers(Path caPem, int port, String from) throws Exception {
        this.tls = SslContextBuilder.forClient().trustManager(caPem.toFile()).build();
        this.port = port;
        this.from = from;
    }

    /**
     * Opens {@code count} connections (TLS if {@code useTls}), a hundred at a time so the door's accept queue
     * never overflows, and runs {@code whenReady} on each once it is ready. Connections the door closed before they
     * were ready are returned too, closed.
     */
    List<Connection> open(int count, boolean useTls, Consumer<Connection> whenReady) throws Exception {
        List<Connection> all = new ArrayList<>();
        List<CompletableFuture<?>> batch = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            CompletableFuture<Void> ready = new CompletableFuture<>();
            Connection[] made = new Connection[1];
            Bootstrap bootstrap = new Bootstrap().group(loop).channel(NioSocketChannel.class)
                    .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 10_000)
                    .handler(new ChannelInitializer<Channel>() {
                        @Override
                        protected void initChannel(Channel ch) {
                            if (useTls) {
                                ch.pipeline().addLast(tls.newHandler(ch.alloc(), "localhost", port));
                            }
                            ch.pipeline().addLast(new Recorder(() -> made[0], ready, useTls));
                        }
                    });
            // Registered first, so the connection is known before anything can happen on it.
            Channel channel = bootstrap.register().sync().channel();
            Connection connection = new Connection(channel);
            made[0] = connection;
            channel.closeFuture().addListener(closed -> {
                connection.closedNanos.complete(System.nanoTime());
                ready.complete(null);
            });
            channel.connect(new InetSocketAddress("127.0.0.1", port), new InetSocketAddress(from, 0))
                    .addListener(done -> {
                        if (!done.isSuccess()) {
                            connection.connectFailure = done.cause();
                            ready.complete(null);
                        }
                    });
            all.add(connection);
            batch.add(ready.thenRun(() -> {
                if (connection.channel.isActive()) {
                    whenReady.accept(connection);
                }
            }));
            if (batch.size() == BATCH) {
                CompletableFuture.allOf(batch.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
                batch.clear();
                Thread.sleep(BATCH_PAUSE_MILLIS);
            }
        }
        CompletableFuture.allOf(batch.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        return all;
    }

    /** Records what the door sends and marks the connection ready. */
    private static final class Recorder extends ChannelInboundHandlerAdapter {
        private final java.util.function.Supplier<Connection> connection;
        private final CompletableFuture<Void> ready;
        private final boolean useTls;

        Recorder(java.util.function.Supplier<Connection> connection, CompletableFuture<Void> ready, boolean useTls) {
            this.connection = connection;
            this.ready = ready;
            this.useTls = useTls;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            if (useTls) {
                ctx.pipeline().get(SslHandler.class).handshakeFuture().addListener(done -> {
                    if (done.isSuccess()) {
                        markReady();
                    }
                });
            } else {
                markReady();
            }
            ctx.fireChannelActive();
        }

        private void markReady() {
            connection.get().readyNanos = System.nanoTime();
            ready.complete(null);
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof ByteBuf bytes) {
                StringBuilder received = connection.get().received;
                synchronized (received) {
                    received.append(bytes.toString(StandardCharsets.ISO_8859_1));
                }
            }
            ReferenceCountUtil.release(msg);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();   // reset by the door, or a handshake cut short: the connection is over either way
        }
    }

    @Override
    public void close() {
        loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
