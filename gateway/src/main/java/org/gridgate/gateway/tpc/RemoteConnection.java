package org.gridgate.gateway.tpc;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelProgressiveFuture;
import io.netty.channel.ChannelProgressiveFutureListener;
import io.netty.channel.ChannelProgressivePromise;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpChunkedInput;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.stream.ChunkedNioFile;
import io.netty.handler.stream.ChunkedWriteHandler;
import java.util.concurrent.Executor;
import org.gridgate.gateway.http.ReadAheadInput;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.Future;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.FileChannel;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongConsumer;

/**
 * One HTTP/1.1 exchange with a remote storage over TLS, on a connection to an address the policy admitted — never
 * to whatever the host name resolves to by then — while TLS verifies the certificate against the host name. The
 * answer's body is handed over chunk by chunk, and reading from the socket pauses while chunks wait for the copy to
 * store them, so memory per copy stays bounded however fast the remote sends.
 */
final class RemoteConnection implements AutoCloseable {

    /** A connection with no bytes either way for this long is given up, as the door's own connections are. */
    static final Duration IDLE = Duration.ofSeconds(300);
    private static final int MAX_INITIAL_LINE = 8192;
    /** Redirects to storage pools carry long one-time URLs. */
    private static final int MAX_HEADERS = 32768;
    private static final int MAX_CHUNK = 64 * 1024;
    private static final int FILE_CHUNK = 256 * 1024;

    private final Channel channel;
    private final AnswerReader answer;

    private RemoteConnection(Channel channel, AnswerReader answer) {
        this.channel = channel;
        this.answer = answer;
    }

    /**
     * Connects to the endpoint's addresses in turn until one accepts, and completes the TLS handshake there.
     *
     * @param bootstrap a client bootstrap with its event loops, channel type and connect timeout set
     */
    static RemoteConnection open(Bootstrap bootstrap, SslContext tls, RemoteEndpoint endpoint) throws IOException {
        IOException unreachable = new IOException("no address to connect to for " + endpoint.host());
        for (InetAddress address : endpoint.addresses()) {
            Handlers handlers = new Handlers(tls, endpoint);
            ChannelFuture connect = bootstrap.clone()
                    .handler(handlers)
                    .connect(new InetSocketAddress(address, endpoint.port()))
                    .awaitUninterruptibly();
            if (!connect.isSuccess()) {
                unreachable = new IOException("cannot connect to " + endpoint.host() + " (" + address.getHostAddress()
                        + " port " + endpoint.port() + "): " + connect.cause().getMessage(), connect.cause());
                continue;
            }
            // The handler, not a pipeline lookup: a remote that hangs up at once has emptied the pipeline already.
            Future<Channel> handshake = handlers.tls.handshakeFuture().awaitUninterruptibly();
            if (!handshake.isSuccess()) {
                connect.channel().close();
                throw new IOException("TLS with " + endpoint.host() + " failed: " + rootMessage(handshake.cause()),
                        handshake.cause());
            }
            return new RemoteConnection(connect.channel(), handlers.answer);
        }
        throw unreachable;
    }

    /** The pipeline of one connection, keeping hold of the handlers the exchange needs. */
    private static final class Handlers extends ChannelInitializer<SocketChannel> {
        final AnswerReader answer = new AnswerReader();
        private final SslContext context;
        private final RemoteEndpoint endpoint;
        /** Set on registration, before the connection attempt completes. */
        private volatile SslHandler tls;

        Handlers(SslContext context, RemoteEndpoint endpoint) {
            this.context = context;
            this.endpoint = endpoint;
        }

        @Override
        protected void initChannel(SocketChannel channel) {
            tls = context.newHandler(channel.alloc(), endpoint.host(), endpoint.port());
            channel.pipeline().addLast("tls", tls);
            channel.pipeline().addLast("idle", new IdleStateHandler(0, 0, IDLE.toSeconds(), TimeUnit.SECONDS));
            channel.pipeline().addLast("http", new HttpClientCodec(MAX_INITIAL_LINE, MAX_HEADERS, MAX_CHUNK));
            channel.pipeline().addLast("chunked", new ChunkedWriteHandler());
            channel.pipeline().addLast("answer", answer);
        }
    }

    /** Sends a request without a body. */
    void send(HttpRequest request) {
        channel.writeAndFlush(request);
    }

    /**
     * Sends a request whose body is {@code size} bytes of {@code file} from its start, reporting the bytes sent so
     * far to {@code progress}. The returned future completes when the whole body has been written.
     */
    ChannelFuture send(HttpRequest head, FileChannel file, long size, LongConsumer progress, Executor fileReads)
            throws IOException {
        channel.write(head);
        ChannelProgressivePromise written = channel.newProgressivePromise();
        written.addListener(new ChannelProgressiveFutureListener() {
            @Override
            public void operationProgressed(ChannelProgressiveFuture future, long sent, long total) {
                progress.accept(sent);
            }

            @Override
            public void operationComplete(ChannelProgressiveFuture future) {
                if (future.isSuccess()) {
                    progress.accept(size);
                }
            }
        });
        // The file is read on fileReads, ahead of the event loop that sends it: never a disk read on a loop.
        ReadAheadInput body = ReadAheadInput.forWriterOf(channel.pipeline(),
                new ChunkedNioFile(file, 0, size, FILE_CHUNK), fileReads);
        return channel.writeAndFlush(new HttpChunkedInput(body), written);
    }

    /**
     * Waits up to {@code timeout} for the head of the answer (interim {@code 1xx} answers are skipped).
     *
     * @throws TimeoutException if it has not come yet; the exchange goes on
     * @throws IOException      if the connection failed or closed first
     */
    HttpResponse head(Duration timeout) throws IOException, TimeoutException, InterruptedException {
        try {
            return answer.head.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw asIoException(e.getCause());
        }
    }

    /** Waits for the head of the answer as long as the connection lives (it closes after {@link #IDLE}). */
    HttpResponse head() throws IOException, InterruptedException {
        try {
            return head(IDLE.plusSeconds(30));
        } catch (TimeoutException e) {
            throw new IOException("no answer in " + IDLE.toSeconds() + " s", e);
        }
    }

    /**
     * The next piece of the answer's body, which the caller must release; {@code null} once the body is complete.
     *
     * @throws IOException if the connection failed or closed before the body was complete
     */
    ByteBuf nextChunk() throws IOException, InterruptedException {
        Object next = answer.body.poll(IDLE.toSeconds() + 30, TimeUnit.SECONDS);
        if (answer.body.size() < AnswerReader.RESUME_BELOW) {
            channel.config().setAutoRead(true);
        }
        if (next == null) {
            throw new IOException("no data in " + IDLE.toSeconds() + " s");
        }
        if (next instanceof Throwable failure) {
            throw asIoException(failure);
        }
        return next == AnswerReader.END ? null : (ByteBuf) next;
    }

    @Override
    public void close() {
        channel.close();
        try {
            channel.eventLoop().execute(answer::discard);
        } catch (RejectedExecutionException doorStopping) {
            answer.discard();
        }
    }

    private static IOException asIoException(Throwable failure) {
        return failure instanceof IOException io ? io : new IOException(rootMessage(failure), failure);
    }

    private static String rootMessage(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.toString() : root.getMessage();
    }

    /**
     * Collects the answer on the connection's event loop: the head into a future, the body into a queue the copy
     * drains. When the queue is long, reading stops until the copy has caught up.
     */
    private static final class AnswerReader extends ChannelInboundHandlerAdapter {
        static final Object END = new Object();
        /** At most this many chunks (each at most one socket read) wait per copy. */
        static final int PAUSE_AT = 16;
        static final int RESUME_BELOW = 4;

        final CompletableFuture<HttpResponse> head = new CompletableFuture<>();
        final BlockingQueue<Object> body = new LinkedBlockingQueue<>();
        /** Event loop only: an interim (1xx) answer is being read, whose body is not the answer's. */
        private boolean interim;
        /** Event loop only: the copy is gone; whatever still arrives is dropped. */
        private boolean discarding;

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object message) {
            try {
                if (discarding) {
                    return;
                }
                if (message instanceof HttpObject object && object.decoderResult().isFailure()) {
                    fail(new IOException("malformed answer: " + rootMessage(object.decoderResult().cause())));
                    ctx.close();
                    return;
                }
                if (message instanceof HttpResponse response) {
                    interim = response.status().codeClass() == HttpStatusClass.INFORMATIONAL;
                    if (!interim) {
                        head.complete(response);
                    }
                }
                if (message instanceof HttpContent content && !interim) {
                    if (content.content().isReadable()) {
                        // Pause before adding, so the copy always finds something to resume for.
                        if (body.size() >= PAUSE_AT) {
                            ctx.channel().config().setAutoRead(false);
                        }
                        body.add(content.content().retain());
                    }
                    if (content instanceof LastHttpContent) {
                        body.add(END);
                    }
                } else if (message instanceof LastHttpContent) {
                    interim = false;
                }
            } finally {
                ReferenceCountUtil.release(message);
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            fail(new IOException("the remote closed the connection"));
            ctx.fireChannelInactive();
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
            if (event instanceof IdleStateEvent) {
                fail(new IOException("nothing sent or received for " + IDLE.toSeconds() + " s"));
                ctx.close();
            }
            ctx.fireUserEventTriggered(event);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            fail(cause);
            ctx.close();
        }

        /** Ends the answer with a failure; after a complete body ({@code END}) it is never read. */
        private void fail(Throwable failure) {
            head.completeExceptionally(failure);
            body.add(failure);
        }

        /** Releases what the copy left unread. */
        void discard() {
            discarding = true;
            for (Object left = body.poll(); left != null; left = body.poll()) {
                ReferenceCountUtil.release(left);
            }
        }
    }
}
