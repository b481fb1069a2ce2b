package org.gridgate.gateway.server;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.ProtocolDetectionResult;
import io.netty.handler.codec.ProtocolDetectionState;
import io.netty.handler.codec.haproxy.HAProxyCommand;
import io.netty.handler.codec.haproxy.HAProxyMessage;
import io.netty.handler.codec.haproxy.HAProxyMessageDecoder;
import io.netty.handler.codec.haproxy.HAProxyProtocolVersion;
import io.netty.util.NetUtil;
import io.netty.util.ReferenceCountUtil;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.function.BiPredicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PROXY protocol at the front of a connection's pipeline, on a listener with configured load balancers. A
 * connection from a load balancer must start with a PROXY header (netty-codec-haproxy decodes it; a connection
 * without one is closed), whose source address becomes the {@link ClientAddress}; HAProxy's {@code LOCAL} header
 * (its own health checks) keeps the balancer's address. A connection from anywhere else that starts with a PROXY
 * header is closed and logged: only a balancer may say where a client is.
 */
final class ProxyProtocolHandlers {
    private static final Logger LOG = LoggerFactory.getLogger(ProxyProtocolHandlers.class);

    private ProxyProtocolHandlers() {
    }

    /** Whether {@code channel} comes from a load balancer, so its client's address comes in a PROXY header. */
    static boolean fromBalancer(Channel channel, ProxyProtocolSources balancers) {
        return !balancers.isEmpty()
                && balancers.admits(((InetSocketAddress) channel.remoteAddress()).getAddress());
    }

    /**
     * Adds the handlers {@code channel} needs first in {@code pipeline}, given who may send PROXY headers.
     *
     * @param clientKnown told the client's address once a balancer's header has given it; closes the connection
     *                    and answers false when that address may not have another one
     */
    static void addFirst(Channel channel, ChannelPipeline pipeline, ProxyProtocolSources balancers,
                         BiPredicate<Channel, InetAddress> clientKnown) {
        if (balancers.isEmpty()) {
            return;
        }
        InetAddress peer = ((InetSocketAddress) channel.remoteAddress()).getAddress();
        if (balancers.admits(peer)) {
            pipeline.addFirst("proxy-header", new TakeHeader(clientKnown));
            pipeline.addFirst("proxy-decoder", new HAProxyMessageDecoder());
        } else {
            pipeline.addFirst("proxy-refusal", new RefuseHeader(peer));
        }
    }

    /** Takes the decoded header's source address, then leaves the pipeline. */
    private static final class TakeHeader extends ChannelInboundHandlerAdapter {
        private final BiPredicate<Channel, InetAddress> clientKnown;

        TakeHeader(BiPredicate<Channel, InetAddress> clientKnown) {
            this.clientKnown = clientKnown;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (!(msg instanceof HAProxyMessage header)) {
                ctx.fireChannelRead(msg);
                return;
            }
            try {
                if (header.command() == HAProxyCommand.PROXY && header.sourceAddress() != null) {
                    byte[] address = NetUtil.createByteArrayFromIpAddressString(header.sourceAddress());
                    if (address == null) {
                        LOG.info("Closing a connection from load balancer {}: its PROXY header's source address "
                                + "does not read", ClientAddress.of(ctx.channel()).getHostAddress());
                        ctx.close();
                        return;
                    }
                    ctx.channel().attr(ClientAddress.FROM_PROXY_HEADER).set(InetAddress.getByAddress(address));
                }
                // A LOCAL header (the balancer's own health check) keeps the balancer's address.
                if (!clientKnown.test(ctx.channel(), ClientAddress.of(ctx.channel()))) {
                    return; // over the per-address cap: closed
                }
                ctx.pipeline().remove(this);
            } catch (java.net.UnknownHostException e) {
                ctx.close(); // cannot happen: the bytes have an address's length
            } finally {
                ReferenceCountUtil.release(header);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            LOG.info("Closing a connection from load balancer {} without a valid PROXY header: {}",
                    ClientAddress.of(ctx.channel()).getHostAddress(), cause.getMessage());
            ctx.close();
        }
    }

    /** Lets the connection's bytes through unless they start with a PROXY header, which closes it. */
    private static final class RefuseHeader extends ByteToMessageDecoder {
        private final InetAddress peer;

        RefuseHeader(InetAddress peer) {
            this.peer = peer;
        }

        @Override
        protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
            ProtocolDetectionResult<HAProxyProtocolVersion> detected = HAProxyMessageDecoder.detectProtocol(in);
            if (detected.state() == ProtocolDetectionState.NEEDS_MORE_DATA) {
                return;
            }
            if (detected.state() == ProtocolDetectionState.DETECTED) {
                LOG.warn("Refused a PROXY protocol header from {}, which is not a configured load balancer "
                        + "(listen.proxy-protocol-from): connection closed", peer.getHostAddress());
                in.skipBytes(in.readableBytes());
                ctx.close();
                return;
            }
            ctx.pipeline().remove(this); // hands what it holds to TLS
        }
    }
}
