package fr.preau.mail.internal;

import java.io.IOException;
import java.io.InputStream;

import org.apache.james.protocols.api.ProtocolSession;
import org.apache.james.protocols.api.ProtocolTransport;
import org.apache.james.protocols.api.Response;
import org.apache.james.protocols.api.handler.ProtocolHandlerChain;
import org.apache.james.protocols.smtp.SMTPConfiguration;
import org.apache.james.protocols.smtp.SMTPProtocol;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.SMTPSessionImpl;
import org.apache.james.protocols.smtp.core.DataCmdHandler;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.HookReturnCode;

/**
 * What bounds one SMTP transaction besides the message size: the number of recipients (RFC 5321 §4.5.3.1.8: 452
 * beyond), the size of the header section, and lines longer than the line decoder takes (8,192 bytes, James's
 * {@code NettyServer} default) inside DATA, which refuse the whole message at its end instead of answering in the middle
 * of the data (an answer there would be read by the client as the answer to its final dot, and every later answer
 * would be one step late).
 */
final class SmtpLimits {

    /** The message had a line the decoder dropped: it is refused at its end (transaction state, reset by RSET). */
    static final ProtocolSession.AttachmentKey<Boolean> LINE_TOO_LONG =
        ProtocolSession.AttachmentKey.of("preau.lineTooLong", Boolean.class);

    /** The longest line James's SMTP decoder takes (bytes, without CRLF). */
    static final int MAX_LINE_LENGTH = 8192;

    private SmtpLimits() {
    }

    /** 452 4.5.3 once {@code max} recipients are in the transaction (0: no limit); null while there is room. */
    static HookResult tooManyRecipients(SMTPSession session, int max) {
        if (max <= 0 || session.getRcptCount() < max) {
            return null;
        }
        return HookResult.builder().hookReturnCode(HookReturnCode.denySoft()).smtpReturnCode("452")
            .smtpDescription("4.5.3 Trop de destinataires pour un seul message (" + max
                + " au plus) : envoyez la suite dans un autre message").build();
    }

    /**
     * The refusal of a message whose header section is larger than {@code maxHeaderBytes} (0: no limit) or that had a
     * line too long; null when it may be delivered.
     */
    static HookResult refusal(SMTPSession session, InputStream message, long maxHeaderBytes) throws IOException {
        if (session.getAttachment(LINE_TOO_LONG, ProtocolSession.State.Transaction).orElse(false)) {
            return HookResult.builder().hookReturnCode(HookReturnCode.deny()).smtpReturnCode("552")
                .smtpDescription("5.3.4 Message refuse : une ligne depasse " + MAX_LINE_LENGTH + " caracteres").build();
        }
        if (maxHeaderBytes > 0 && headerSize(message, maxHeaderBytes) > maxHeaderBytes) {
            return HookResult.builder().hookReturnCode(HookReturnCode.deny()).smtpReturnCode("552")
                .smtpDescription("5.3.4 Message refuse : en-tetes trop volumineux (" + maxHeaderBytes
                    + " octets au plus)").build();
        }
        return null;
    }

    /**
     * The size in bytes of the header section (up to and including the empty line that ends it, or the whole message
     * when there is none), reading no further than {@code limit + 1} bytes.
     */
    static long headerSize(InputStream message, long limit) throws IOException {
        long size = 0;
        boolean lineEmpty = true;
        int b;
        while (size <= limit && (b = message.read()) != -1) {
            size++;
            if (b == '\n') {
                if (lineEmpty) {
                    return size;
                }
                lineEmpty = true;
            } else if (b != '\r') {
                lineEmpty = false;
            }
        }
        return size;
    }

    /**
     * James's SMTP protocol whose sessions keep quiet about a line too long inside DATA (the message is marked and
     * refused at its end); outside DATA, James's own 500 answers the command.
     */
    static SMTPProtocol protocol(ProtocolHandlerChain chain, SMTPConfiguration config) {
        return new SMTPProtocol(chain, config) {
            @Override
            public ProtocolSession newSession(ProtocolTransport transport) {
                return new SMTPSessionImpl(transport, config) {
                    @Override
                    public Response newLineTooLongResponse() {
                        if (getAttachment(DataCmdHandler.MAILENV, State.Transaction).isPresent()) {
                            setAttachment(LINE_TOO_LONG, true, State.Transaction);
                            return null;
                        }
                        return super.newLineTooLongResponse();
                    }
                };
            }
        };
    }
}
