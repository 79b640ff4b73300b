package fr.preau.mail.internal;

import java.nio.charset.StandardCharsets;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * Refuses an IMAP literal larger than the box takes as soon as it is announced. James 3.8.1 answers a synchronising
 * literal {@code {n}} with its « + » continuation before it looks at {@code n} (its {@code literalSizeLimit} only
 * fails the command once the client sends the bytes, and streams a large literal to a temporary file meanwhile). This
 * handler, one per connection just before James's framer (after TLS), follows the command lines and skips literal
 * contents; a line announcing a literal over {@code limit} bytes (or a number too long to read) gets
 * {@code <tag> NO [TOOBIG] …} (RFC 7889) and the connection is closed: no continuation is sent, nothing of the literal
 * is read, and a client already sending a non-synchronising literal ({@code {n+}}) cannot go on.
 */
final class ImapLiterals extends ChannelInboundHandlerAdapter {

    /** The tag and the literal's announcement are found in a line's first and last bytes. */
    private static final int KEPT = 64;

    private final long limit;
    private final byte[] head = new byte[KEPT];
    private final byte[] tail = new byte[KEPT];
    private int headLength;
    private int tailLength;
    /** Bytes of a literal still to pass without looking at them. */
    private long literalLeft;
    /** The next line starts a command (rather than continuing one after a literal). */
    private boolean commandStart = true;
    private String tag = "*";
    private boolean refused;

    ImapLiterals(long limit) {
        this.limit = limit;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ByteBuf buf)) {
            ctx.fireChannelRead(msg);
            return;
        }
        if (refused) {
            buf.release();
            return;
        }
        int lineStart = buf.readerIndex();
        for (int i = buf.readerIndex(); i < buf.writerIndex(); i++) {
            if (literalLeft > 0) {
                long skip = Math.min(literalLeft, buf.writerIndex() - i);
                literalLeft -= skip;
                i += (int) skip - 1;
                lineStart = i + 1;
                continue;
            }
            byte b = buf.getByte(i);
            keep(b);
            if (b != '\n') {
                continue;
            }
            if (commandStart) {
                tag = firstToken();
            }
            long announced = announcedLiteral();
            headLength = 0;
            tailLength = 0;
            if (announced > limit) {
                refuse(ctx, buf, lineStart);
                return;
            }
            commandStart = announced < 0;
            literalLeft = Math.max(announced, 0);
            lineStart = i + 1;
        }
        ctx.fireChannelRead(buf);
    }

    private void keep(byte b) {
        if (headLength < KEPT) {
            head[headLength++] = b;
        }
        if (tailLength == KEPT) {
            System.arraycopy(tail, 1, tail, 0, KEPT - 1);
            tailLength--;
        }
        tail[tailLength++] = b;
    }

    private String firstToken() {
        String line = new String(head, 0, headLength, StandardCharsets.US_ASCII);
        int end = 0;
        while (end < line.length() && line.charAt(end) > ' ' && line.charAt(end) < 127) {
            end++;
        }
        return end == 0 ? "*" : line.substring(0, end);
    }

    /** The size of the literal the line just ended announces ({@code {n}} or {@code {n+}}), -1 when none. */
    private long announcedLiteral() {
        int end = tailLength - 1; // the '\n'
        if (end > 0 && tail[end - 1] == '\r') {
            end--;
        }
        if (end < 1 || tail[end - 1] != '}') {
            return -1;
        }
        int last = end - 2;
        if (last >= 0 && tail[last] == '+') {
            last--;
        }
        int first = last;
        while (first >= 0 && tail[first] >= '0' && tail[first] <= '9') {
            first--;
        }
        if (first < 0 || tail[first] != '{' || first == last) {
            return -1;
        }
        int digits = last - first;
        if (digits > 18) {
            return Long.MAX_VALUE;
        }
        return Long.parseLong(new String(tail, first + 1, digits, StandardCharsets.US_ASCII));
    }

    private void refuse(ChannelHandlerContext ctx, ByteBuf buf, int lineStart) {
        refused = true;
        if (lineStart > buf.readerIndex()) {
            // the commands before this one, whole, go on to James
            ctx.fireChannelRead(buf.retainedSlice(buf.readerIndex(), lineStart - buf.readerIndex()));
        }
        buf.release();
        String reply = tag + " NO [TOOBIG] Message trop gros : " + limit + " octets au plus\r\n";
        ctx.writeAndFlush(Unpooled.copiedBuffer(reply, StandardCharsets.US_ASCII)).addListener(ChannelFutureListener.CLOSE);
    }
}
