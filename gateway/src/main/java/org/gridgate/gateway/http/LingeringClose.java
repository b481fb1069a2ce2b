package org.gridgate.gateway.http;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DuplexChannel;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.ReferenceCountUtil;
import java.util.concurrent.TimeUnit;

/**
 * Closes a connection whose client is still sending a request body the door refused, without losing the refusal.
 * Closing a socket with unread bytes in it makes the kernel answer with a reset, and a client still writing its body
 * then sees "connection reset" or "broken pipe" instead of the 413 or 403 already sent. So, as Apache httpd and
 * nginx do ("lingering close"), the door ends its side (TLS close_notify, then FIN), reads and drops what still
 * arrives, and closes once the client closes, after {@value #MAX_BYTES} more bytes, or after {@value #SECONDS} s:
 * bounded in time and bytes, so a client cannot hold the connection open with it.
 */
final class LingeringClose extends ChannelInboundHandlerAdapter {
    static final long MAX_BYTES = 1 << 20;
    static final int SECONDS = 2;

    /** Closes the connection lingering once the write it listens to is done. */
    static final ChannelFutureListener AFTER_WRITE = future -> start(future.channel());

    private long dropped;

    private LingeringClose() {
    }

    private static void start(Channel channel) {
        if (!channel.isActive()) {
            return;
        }
        // First in the pipeline: what arrives from now on is dropped before TLS or HTTP decoding sees it.
        channel.pipeline().addFirst("lingering-close", new LingeringClose());
        channel.eventLoop().schedule(() -> {
            channel.close();
        }, SECONDS, TimeUnit.SECONDS);
        channel.config().setAutoRead(true);
        SslHandler tls = channel.pipeline().get(SslHandler.class);
        if (tls != null) {
            tls.closeOutbound().addListener(done -> shutdownOutput(channel));
        } else {
            shutdownOutput(channel);
        }
    }

    private static void shutdownOutput(Channel channel) {
        if (channel instanceof DuplexChannel duplex && channel.isActive()) {
            duplex.shutdownOutput();
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof io.netty.buffer.ByteBuf bytes) {
            dropped += bytes.readableBytes();
        }
        ReferenceCountUtil.release(msg);
        if (dropped > MAX_BYTES) {
            ctx.close();
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        // swallowed: the handlers behind this one are done with the connection
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        ReferenceCountUtil.release(evt);
        if (evt instanceof io.netty.channel.socket.ChannelInputShutdownEvent) {
            ctx.close(); // the client closed its side: nothing more to wait for
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }
}
