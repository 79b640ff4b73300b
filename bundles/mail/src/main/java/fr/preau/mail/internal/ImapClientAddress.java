package fr.preau.mail.internal;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Optional;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * The IMAP client's address for the box's login throttle. James 3.8.1 gives the mailbox {@code Authenticator} only the
 * user name and password; but IMAP's core handler processes a command (LOGIN, AUTHENTICATE) on the connection's event
 * loop thread, inside its {@code channelRead}. {@link #around} wraps that handler so that, while it reads a command,
 * the thread knows the connection's remote address; the authenticator asks {@link #current()}. A command James would
 * process later on another thread finds no address (the caller falls back to a per-login key).
 */
final class ImapClientAddress {

    private static final ThreadLocal<String> CURRENT = new ThreadLocal<>();

    private ImapClientAddress() {
    }

    /** The address of the IMAP client whose command this thread is processing, if any. */
    static Optional<String> current() {
        return Optional.ofNullable(CURRENT.get());
    }

    /** The IMAP core handler, each of its events passed on unchanged, its reads with the client's address known. */
    static ChannelInboundHandlerAdapter around(ChannelInboundHandlerAdapter core) {
        return new Wrapper(core);
    }

    static String address(SocketAddress remote) {
        return remote instanceof InetSocketAddress inet && inet.getAddress() != null ? inet.getAddress().getHostAddress() : null;
    }

    @ChannelHandler.Sharable
    private static final class Wrapper extends ChannelInboundHandlerAdapter {
        private final ChannelInboundHandlerAdapter core;

        Wrapper(ChannelInboundHandlerAdapter core) {
            this.core = core;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
            String previous = CURRENT.get();
            CURRENT.set(address(ctx.channel().remoteAddress()));
            try {
                core.channelRead(ctx, msg);
            } finally {
                if (previous == null) {
                    CURRENT.remove();
                } else {
                    CURRENT.set(previous);
                }
            }
        }

        @Override
        public void handlerAdded(ChannelHandlerContext ctx) throws Exception {
            core.handlerAdded(ctx);
        }

        @Override
        public void handlerRemoved(ChannelHandlerContext ctx) throws Exception {
            core.handlerRemoved(ctx);
        }

        @Override
        public void channelRegistered(ChannelHandlerContext ctx) throws Exception {
            core.channelRegistered(ctx);
        }

        @Override
        public void channelUnregistered(ChannelHandlerContext ctx) throws Exception {
            core.channelUnregistered(ctx);
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) throws Exception {
            core.channelActive(ctx);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) throws Exception {
            core.channelInactive(ctx);
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) throws Exception {
            core.channelReadComplete(ctx);
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
            core.userEventTriggered(ctx, evt);
        }

        @Override
        public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
            core.channelWritabilityChanged(ctx);
        }

        @Override
        @SuppressWarnings("deprecation")
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) throws Exception {
            core.exceptionCaught(ctx, cause);
        }
    }
}
