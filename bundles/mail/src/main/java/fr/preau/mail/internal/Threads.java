package fr.preau.mail.internal;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.james.protocols.netty.AbstractAsyncServer;
import org.apache.james.protocols.netty.AbstractChannelPipelineFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.util.concurrent.EventExecutorGroup;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * The threads James starts and never ends, which would keep the bundle's class loader (and its
 * 36 MB of jars) alive after the feature is uninstalled or updated: the executor group that
 * {@code NettyServer} creates for each bound server (reached here through the server channel,
 * since James keeps no reference to it), and the static reactor schedulers of James's utilities.
 */
final class Threads {

    private static final Logger LOG = LoggerFactory.getLogger(Threads.class);

    private Threads() {
    }

    /** The executor groups of a bound server's pipelines; call before unbinding (unbind closes the channels). */
    static List<EventExecutorGroup> executorGroups(AbstractAsyncServer server) {
        List<EventExecutorGroup> groups = new ArrayList<>();
        try {
            Field channelsField = AbstractAsyncServer.class.getDeclaredField("channels");
            channelsField.setAccessible(true);
            Iterable<?> channels = (Iterable<?>) channelsField.get(server);
            for (Object channel : channels) {
                for (Map.Entry<String, ChannelHandler> entry : ((Channel) channel).pipeline()) {
                    ChannelHandler handler = entry.getValue();
                    if (!handler.getClass().getName().endsWith("ServerBootstrapAcceptor")) {
                        continue;
                    }
                    Field childHandler = handler.getClass().getDeclaredField("childHandler");
                    childHandler.setAccessible(true);
                    Object factory = childHandler.get(handler);
                    if (factory instanceof AbstractChannelPipelineFactory) {
                        Field group = AbstractChannelPipelineFactory.class.getDeclaredField("eventExecutorGroup");
                        group.setAccessible(true);
                        Object value = group.get(factory);
                        if (value instanceof EventExecutorGroup executors) {
                            groups.add(executors);
                        }
                    }
                }
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.warn("Mail: cannot reach the executor group of {} ({}); its threads may outlive the bundle", server, e.toString());
        }
        return groups;
    }

    static void shutdown(List<EventExecutorGroup> groups) {
        for (EventExecutorGroup group : groups) {
            group.shutdownGracefully(0, 2, java.util.concurrent.TimeUnit.SECONDS).awaitUninterruptibly(5_000);
        }
    }

    /** The embedded reactor's schedulers, James's own static ones included (this bundle's copy only). */
    static void shutdownStatics() {
        for (String name : List.of("org.apache.james.util.ReactorUtils", "org.apache.james.mailbox.store.JVMMailboxPathLocker")) {
            try {
                for (Field field : Class.forName(name, false, Threads.class.getClassLoader()).getDeclaredFields()) {
                    if (Modifier.isStatic(field.getModifiers()) && Scheduler.class.isAssignableFrom(field.getType())) {
                        field.setAccessible(true);
                        ((Scheduler) field.get(null)).dispose();
                    }
                }
            } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
                LOG.debug("Mail: {} not stopped: {}", name, e.toString());
            }
        }
        Schedulers.shutdownNow();
    }
}
