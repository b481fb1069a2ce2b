package org.gridgate.gateway.http;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpChunkedInput;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;

/**
 * Writes the one response of a request, owning the keep-alive decision: a connection stays open only if the
 * client wants it and the request body was fully consumed.
 */
public final class Responder {

    private final ChannelHandlerContext ctx;
    private boolean keepAlive;
    private HttpResponseStatus sentStatus;
    private long sentBytes;
    /** The write that ends the response (or null before it): the connection may close once it is done. */
    private ChannelFuture lastWrite;
    private boolean progressOpen;

    Responder(ChannelHandlerContext ctx, boolean keepAlive) {
        this.ctx = ctx;
        this.keepAlive = keepAlive;
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

    /** Sends a head and then streams {@code body} without holding it in memory. */
    public void stream(HttpResponse head, HttpChunkedInput body, long length) {
        sentStatus = head.status();
        sentBytes = length;
        HttpUtil.setContentLength(head, length);
        finishHeaders(head);
        ctx.write(head);
        complete(ctx.writeAndFlush(body));
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
            ctx.writeAndFlush(new io.netty.handler.codec.http.DefaultHttpContent(Unpooled.wrappedBuffer(bytes)));
        }

        public void end() {
            ctx.writeAndFlush(io.netty.handler.codec.http.LastHttpContent.EMPTY_LAST_CONTENT)
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

    ChannelHandlerContext context() {
        return ctx;
    }

    HttpResponseStatus sentStatus() {
        return sentStatus;
    }

    long sentBytes() {
        return sentBytes;
    }

    boolean keepAlive() {
        return keepAlive;
    }

    /**
     * Closes the connection once this response has been sent, even if the client asked to keep it: the door is
     * draining. A response not started yet says {@code Connection: close}; one being streamed finishes first; a
     * progress stream closes at its end anyway.
     */
    void closeAfterResponse() {
        keepAlive = false;
        if (lastWrite != null && !progressOpen) {
            lastWrite.addListener(ChannelFutureListener.CLOSE);
        }
    }

    private void finishHeaders(HttpResponse response) {
        response.headers().set(HttpHeaderNames.SERVER, "GridGate");
        if (keepAlive) {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
        } else {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        }
    }

    private void complete(ChannelFuture future) {
        lastWrite = future;
        if (!keepAlive) {
            future.addListener(ChannelFutureListener.CLOSE);
        }
    }
}
