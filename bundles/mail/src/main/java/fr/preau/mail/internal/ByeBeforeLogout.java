package fr.preau.mail.internal;

import org.apache.james.imap.api.message.response.StatusResponseFactory;
import org.apache.james.imap.api.ImapConfiguration;
import org.apache.james.imap.api.ImapMessage;
import org.apache.james.imap.api.process.ImapProcessor;
import org.apache.james.imap.api.process.ImapSession;
import org.apache.james.imap.message.request.LogoutRequest;
import org.apache.james.imap.message.response.UnpooledStatusResponseFactory;
import org.apache.james.imap.processor.LogoutProcessor;
import org.apache.james.mailbox.MailboxManager;
import org.apache.james.metrics.api.MetricFactory;

import reactor.core.publisher.Mono;

/**
 * LOGOUT whose answer always reaches the client. In James 3.8.1 the LOGOUT answer (BYE, then the tagged OK) is
 * written from the worker thread that ran the command, so it waits in the connection's event loop queue, while the
 * session, once marked logged out, may be closed from the event loop thread itself, at once, overtaking the queued
 * answer: the client then reads an end of stream instead (Python's imaplib raises on {@code logout()}; seen about once
 * in 40 logouts right after an APPEND). Here the session is marked logged out from the event loop, after the answer.
 */
final class ByeBeforeLogout extends LogoutProcessor {

    private ByeBeforeLogout(MailboxManager mailboxManager, StatusResponseFactory factory, MetricFactory metricFactory) {
        super(mailboxManager, factory, metricFactory);
    }

    @Override
    protected Mono<Void> processRequestReactive(LogoutRequest request, ImapSession session, Responder responder) {
        return Mono.fromRunnable(() -> {
            bye(responder);
            okComplete(request, responder);
            responder.flush();
        })
            // written from a worker thread, the answer waits in the connection's event loop: the session is marked
            // logged out (which closes the connection) from that loop, after the answer went out
            .then(Mono.<Void>create(sink -> session.executeSafely(sink::success)))
            .then(Mono.defer(session::logout));
    }

    /** {@code chain}, with LOGOUT requests answered here. */
    static ImapProcessor around(ImapProcessor chain, MailboxManager mailboxManager, MetricFactory metricFactory) {
        ImapProcessor logout = new ByeBeforeLogout(mailboxManager, new UnpooledStatusResponseFactory(), metricFactory);
        return new ImapProcessor() {
            @Override
            public Mono<Void> processReactive(ImapMessage message, Responder responder, ImapSession session) {
                return (message instanceof LogoutRequest ? logout : chain).processReactive(message, responder, session);
            }

            @Override
            public void configure(ImapConfiguration configuration) {
                chain.configure(configuration);
                logout.configure(configuration);
            }
        };
    }
}
