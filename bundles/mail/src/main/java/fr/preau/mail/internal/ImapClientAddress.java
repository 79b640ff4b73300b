package fr.preau.mail.internal;

import java.net.InetSocketAddress;
import java.util.Optional;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import reactor.core.scheduler.Schedulers;

/**
 * The IMAP client's address for the box's login throttle (the same per-address counter as SMTP and the web). James
 * 3.8.1 gives the mailbox {@code Authenticator} only the user name and password, and checks them on its
 * {@code blocking-call-wrapper} scheduler, not on the connection's thread. So: a handler just before IMAP's core
 * handler lets the connection's thread know the client's address while a command goes through ({@link #around}), and
 * a hook of this bundle's reactor carries that address to the tasks scheduled meanwhile ({@link #install}), where the
 * authenticator asks {@link #current()}. A command without it (none seen) falls back to the caller's per-login key.
 */
final class ImapClientAddress {

    private static final ThreadLocal<String> CURRENT = new ThreadLocal<>();
    private static final String HOOK = "preau-imap-client-address";

    private ImapClientAddress() {
    }

    /** The address of the IMAP client whose command this thread is working for, if known. */
    static Optional<String> current() {
        return Optional.ofNullable(CURRENT.get());
    }

    /** Tasks scheduled on this bundle's reactor while an address is known run with it known too. */
    static void install() {
        Schedulers.onScheduleHook(HOOK, task -> {
            String address = CURRENT.get();
            return address == null ? task : () -> with(address, task);
        });
    }

    static void uninstall() {
        Schedulers.resetOnScheduleHook(HOOK);
    }

    private static void with(String address, Runnable task) {
        String previous = CURRENT.get();
        CURRENT.set(address);
        try {
            task.run();
        } finally {
            if (previous == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(previous);
            }
        }
    }

    /**
     * A stand-in for IMAP's core handler (James creates one per connection): once in the pipeline, it puts the core
     * handler in its own place, under the same name, with the address handler just before it.
     */
    static ChannelInboundHandlerAdapter around(ChannelInboundHandlerAdapter core) {
        return new ChannelInboundHandlerAdapter() {
            @Override
            public void handlerAdded(ChannelHandlerContext ctx) {
                String name = ctx.name();
                ctx.pipeline().addBefore(name, "preauClientAddress", new Reader());
                ctx.pipeline().replace(this, name, core);
            }
        };
    }

    /** Passes each decoded command on to the core handler with the connection's address known to the thread. */
    private static final class Reader extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            String address = ctx.channel().remoteAddress() instanceof InetSocketAddress inet && inet.getAddress() != null
                ? inet.getAddress().getHostAddress() : null;
            if (address == null) {
                ctx.fireChannelRead(msg);
            } else {
                with(address, () -> ctx.fireChannelRead(msg));
            }
        }
    }
}
