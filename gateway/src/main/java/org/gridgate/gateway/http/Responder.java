package org.gridgate.gateway.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpChunkedInput;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.stream.ChunkedInput;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executor;

/**
 * Writes the one response of a request, owning the keep-alive decision: a connection stays open only if the
 * client wants it and the request body was fully consumed.
 */
public final class Responder {

    /**
     * A body this small is read whole on the I/O thread and sent with its head in one write: a small GET then costs
     * one hand-off to the event loop instead of one per chunk.
     */
    static final int WHOLE_BODY_BYTES = 64 * 1024;
    /** The response header that carries the request's id, as in the access log. */
    public static final String REQUEST_ID = "X-Request-Id";

    private final ChannelHandlerContext ctx;
    private final Executor fileReads;
    private boolean keepAlive;
    /** Whether closing drops the rest of a request body first ({@link LingeringClose}). */
    private boolean lingering;
    private HttpResponseStatus sentStatus;
    private long sentBytes;
    /** The write that ends the response (or null before it): the connection may close once it is done. */
    private ChannelFuture lastWrite;
    private boolean progressOpen;
    /** Returned in every response as {@code X-Request-Id}, the id of its access line; null for none. */
    private final String requestId;

    /** @param fileReads where streamed bodies are read from their files, never the event loop */
    public Responder(ChannelHandlerContext ctx, boolean keepAlive, Executor fileReads) {
        this(ctx, keepAlive, fileReads, null);
    }

    /** As above, answering with {@code X-Request-Id: requestId}. */
    public Responder(ChannelHandlerContext ctx, boolean keepAlive, Executor fileReads, String requestId) {
        this.ctx = ctx;
        this.keepAlive = keepAlive;
        this.fileReads = fileReads;
        this.requestId = requestId;
    }

    public static FullHttpResponse response(HttpResponseStatus status) {
        return new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.EMPTY_BUFFER);
    }

    public static FullHttpResponse text(HttpResponseStatus status, String body) {
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                Unpooled.copiedBuffer(body, StandardCharsets.UTF_8));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8");
        return response;
    }

    /**
     * The plain answer to a refused request: its status and message as text, with a challenge for a 401 unless the
     * client asked for none ({@code Suppress-WWW-Authenticate}, as browser-based clients do).
     */
    public static FullHttpResponse refusal(HttpRequest request, HttpError error) {
        FullHttpResponse response = text(error.status(), error.getMessage() + "\n");
        error.retryAfter().ifPresent(wait ->
                response.headers().set(HttpHeaderNames.RETRY_AFTER, Long.toString(wait.toSeconds())));
        if (error.status().equals(HttpResponseStatus.UNAUTHORIZED)
                && !request.headers().contains("Suppress-WWW-Authenticate")) {
            response.headers().add(HttpHeaderNames.WWW_AUTHENTICATE, "Bearer realm=\"GridGate\"");
        }
        return response;
    }

    public static FullHttpResponse body(HttpResponseStatus status, String contentType, byte[] body) {
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                Unpooled.wrappedBuffer(body));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
        return response;
    }

    /** Sends a complete response; Content-Length is set from the body unless already set (HEAD). */
    public void send(FullHttpResponse response) {
        if (!response.headers().contains(HttpHeaderNames.CONTENT_LENGTH)) {
            HttpUtil.setContentLength(response, response.content().readableBytes());
        }
        sentStatus = response.status();
        sentBytes = response.content().readableBytes();
        finishHeaders(response);
        complete(ctx.writeAndFlush(response));
    }

    /**
     * Sends a head and then {@code body}, a blocking input of {@code length} bytes (a file), without holding it in
     * memory: it is read ahead on the I/O executor as the socket drains ({@link ReadAheadInput}). Called on an I/O
     * thread, which may block; a small body is read right here and sent with the head in one write.
     */
    public void stream(HttpResponse head, ChunkedInput<ByteBuf> body, long length) throws Exception {
        sentStatus = head.status();
        sentBytes = length;
        HttpUtil.setContentLength(head, length);
        finishHeaders(head);
        if (length <= WHOLE_BODY_BYTES) {
            ByteBuf whole = readWhole(body);
            FullHttpResponse response = new DefaultFullHttpResponse(head.protocolVersion(), head.status(), whole,
                    head.headers(), EmptyHttpHeaders.INSTANCE);
            complete(ctx.writeAndFlush(response));
            return;
        }
        ReadAheadInput readAhead = ReadAheadInput.forWriterOf(ctx.pipeline(), body, fileReads);
        ctx.write(head);
        ChannelFuture sent = ctx.writeAndFlush(new HttpChunkedInput(readAhead));
        // A body that fails half-way (the file vanished, a disk error) has broken the response: the client learns
        // it from the closed connection, as from any server.
        sent.addListener(ChannelFutureListener.CLOSE_ON_FAILURE);
        complete(sent);
    }

    private ByteBuf readWhole(ChunkedInput<ByteBuf> body) throws Exception {
        CompositeByteBuf whole = ctx.alloc().compositeBuffer();
        try {
            while (!body.isEndOfInput()) {
                ByteBuf chunk = body.readChunk(ctx.alloc());
                if (chunk == null) {
                    break;
                }
                whole.addComponent(true, chunk);
            }
        } catch (Exception | Error e) {
            whole.release();
            throw e;
        } finally {
            body.close();
        }
        return whole;
    }

    /**
     * Starts a chunked text response whose body is written piece by piece as work progresses (third-party copy
     * performance markers); {@link ProgressStream#end} finishes it.
     */
    public ProgressStream startProgress(HttpResponseStatus status, String contentType) {
        HttpResponse head = head(status);
        head.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
        HttpUtil.setTransferEncodingChunked(head, true);
        sentStatus = status;
        progressOpen = true;
        finishHeaders(head);
        // The progress outlives the request's turn on the connection: close afterwards rather than risk a next
        // request being read while this body is still being written.
        head.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        ctx.writeAndFlush(head);
        return new ProgressStream();
    }

    /** The body of a response started with {@link #startProgress}. */
    public final class ProgressStream {
        private ProgressStream() {
        }

        public void write(String text) {
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            sentBytes += bytes.length;
            ctx.writeAndFlush(new DefaultHttpContent(Unpooled.wrappedBuffer(bytes)));
        }

        public void end() {
            ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT)
                    .addListener(ChannelFutureListener.CLOSE);
        }
    }

    /** Whether a response (or its head) has been sent. */
    public boolean isStarted() {
        return sentStatus != null;
    }

    /** A bare response head for {@link #stream}. */
    public static HttpResponse head(HttpResponseStatus status) {
        return new DefaultHttpResponse(HttpVersion.HTTP_1_1, status);
    }

    public ChannelHandlerContext context() {
        return ctx;
    }

    /** The status sent, or null before the response started. */
    public HttpResponseStatus sentStatus() {
        return sentStatus;
    }

    public long sentBytes() {
        return sentBytes;
    }

    /**
     * Closes the connection once this response has been sent, even if the client asked to keep it: the door is
     * draining. A response not started yet says {@code Connection: close}; one being streamed finishes first; a
     * progress stream closes at its end anyway.
     */
    public void closeAfterResponse() {
        keepAlive = false;
        if (lastWrite != null && !progressOpen) {
            lastWrite.addListener(closing());
        }
    }

    /**
     * As {@link #closeAfterResponse()}, for a request whose body the client is still sending: the rest of it is read
     * and dropped for a short while ({@link LingeringClose}), so the client gets the response and not a reset.
     */
    public void closeAfterResponseDroppingTheBody() {
        lingering = true;
        closeAfterResponse();
    }

    private ChannelFutureListener closing() {
        return lingering ? LingeringClose.AFTER_WRITE : ChannelFutureListener.CLOSE;
    }

    private void finishHeaders(HttpResponse response) {
        response.headers().set(HttpHeaderNames.SERVER, "GridGate");
        if (requestId != null) {
            response.headers().set(REQUEST_ID, requestId);
        }
        if (keepAlive) {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
        } else {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        }
    }

    private void complete(ChannelFuture future) {
        lastWrite = future;
        if (!keepAlive) {
            future.addListener(closing());
        }
    }
}
