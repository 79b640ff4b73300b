package fr.preau.files.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Sends bytes of a stored file as an answer's body. In the box (Pax Web's Jetty) the range is memory-mapped and handed
 * whole to Jetty's {@code HttpOutput.sendContent(ByteBuffer)}: the bytes go from the page cache to the socket in one
 * gathering write, instead of being copied into a heap array, then again into a direct buffer to write, 64 KiB at a
 * time (the WebDAV bench's GET of 10 MB files spent its time there). The method is found by reflection so that the
 * module does not wire to Jetty (a Jetty update would then restart it); any other container gets 1 MiB copies.
 * A blob is never rewritten nor truncated while it exists (see {@link Blobs}), so a mapping of it stays valid.
 */
final class FileSender {

    private static final int COPY_BUFFER = 1024 * 1024;

    private static final ClassValue<Method> SEND_CONTENT = new ClassValue<>() {
        @Override
        protected Method computeValue(Class<?> type) {
            try {
                return type.getMethod("sendContent", ByteBuffer.class);
            } catch (NoSuchMethodException | SecurityException e) {
                return null;
            }
        }
    };

    private FileSender() {
    }

    /** Writes {@code length} bytes of {@code file} from {@code from} to {@code out}, which is then complete. */
    static void send(OutputStream out, Path file, long from, long length) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            Method send = length > 0 && length <= Integer.MAX_VALUE ? SEND_CONTENT.get(out.getClass()) : null;
            if (send != null) {
                try {
                    send.invoke(out, ch.map(FileChannel.MapMode.READ_ONLY, from, length));
                    return;
                } catch (IllegalAccessException e) {
                    // not callable from here after all: copy below
                } catch (InvocationTargetException e) {
                    if (e.getCause() instanceof IOException io) {
                        throw io;
                    }
                    if (e.getCause() instanceof RuntimeException r) {
                        throw r;
                    }
                    throw new IOException(e.getCause());
                }
            }
            copy(ch, out, from, length);
        }
    }

    private static void copy(FileChannel ch, OutputStream out, long from, long length) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(COPY_BUFFER, Math.max(1, length)));
        long at = from;
        long left = length;
        while (left > 0) {
            buffer.clear().limit((int) Math.min(buffer.capacity(), left));
            int n = ch.read(buffer, at);
            if (n < 0) {
                break;
            }
            out.write(buffer.array(), 0, n);
            at += n;
            left -= n;
        }
    }
}
