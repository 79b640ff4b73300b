package fr.preau.mail.internal;

import java.io.InputStream;
import java.time.Clock;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import javax.persistence.EntityManagerFactory;
import javax.persistence.Persistence;
import javax.sql.DataSource;

import org.apache.james.core.Username;
import org.apache.james.core.quota.QuotaSizeUsage;
import org.apache.james.events.EventBus;
import org.apache.james.events.InVMEventBus;
import org.apache.james.events.MemoryEventDeadLetters;
import org.apache.james.events.RetryBackoffConfiguration;
import org.apache.james.events.delivery.InVmEventDelivery;
import org.apache.james.mailbox.Authenticator;
import org.apache.james.mailbox.Authorizator;
import org.apache.james.mailbox.MailboxSession;
import org.apache.james.mailbox.MessageManager;
import org.apache.james.mailbox.SubscriptionManager;
import org.apache.james.mailbox.acl.UnionMailboxACLResolver;
import org.apache.james.mailbox.jpa.JPAMailboxSessionMapperFactory;
import org.apache.james.mailbox.jpa.mail.JPAModSeqProvider;
import org.apache.james.mailbox.jpa.mail.JPAUidProvider;
import org.apache.james.mailbox.jpa.openjpa.OpenJPAMailboxManager;
import org.apache.james.mailbox.jpa.quota.JpaCurrentQuotaManager;
import org.apache.james.mailbox.model.MailboxPath;
import org.apache.james.mailbox.model.QuotaOperation;
import org.apache.james.mailbox.model.QuotaRoot;
import org.apache.james.mailbox.store.SessionProviderImpl;
import org.apache.james.mailbox.store.StoreMailboxAnnotationManager;
import org.apache.james.mailbox.store.StoreRightManager;
import org.apache.james.mailbox.store.StoreSubscriptionManager;
import org.apache.james.mailbox.store.extractor.DefaultTextExtractor;
import org.apache.james.mailbox.store.mail.NaiveThreadIdGuessingAlgorithm;
import org.apache.james.mailbox.store.mail.model.DefaultMessageId;
import org.apache.james.mailbox.store.mail.model.impl.MessageParser;
import org.apache.james.mailbox.store.quota.CurrentQuotaCalculator;
import org.apache.james.mailbox.store.quota.DefaultUserQuotaRootResolver;
import org.apache.james.mailbox.store.quota.ListeningCurrentQuotaUpdater;
import org.apache.james.mailbox.store.quota.QuotaComponents;
import org.apache.james.mailbox.store.quota.StoreQuotaManager;
import org.apache.james.mailbox.store.search.SimpleMessageSearchIndex;

/**
 * The mailbox store: James's JPA mailbox (OpenJPA) on the module's own Derby database
 * ({@code <data>/preau/mail/db}). A message is in the store once its JPA transaction committed, and
 * Derby forces its log to disk at every commit: what SMTP acknowledged with 250 survives {@code kill -9}.
 */
final class Mailboxes implements AutoCloseable {

    /** The JPA entities of the mailbox (the jar's classes are enhanced already). */
    static final List<String> ENTITIES = List.of(
        "org.apache.james.mailbox.jpa.mail.model.JPAMailbox",
        "org.apache.james.mailbox.jpa.mail.model.JPAUserFlag",
        "org.apache.james.mailbox.jpa.mail.model.JPAProperty",
        "org.apache.james.mailbox.jpa.mail.model.JPAMailboxAnnotation",
        "org.apache.james.mailbox.jpa.mail.model.openjpa.AbstractJPAMailboxMessage",
        "org.apache.james.mailbox.jpa.mail.model.openjpa.JPAMailboxMessage",
        "org.apache.james.mailbox.jpa.user.model.JPASubscription",
        "org.apache.james.mailbox.jpa.quota.model.JpaCurrentQuota");

    final EntityManagerFactory entityManagerFactory;
    final OpenJPAMailboxManager manager;
    final EventBus eventBus;
    final SubscriptionManager subscriptions;
    final QuotaComponents quotas;
    private final JpaCurrentQuotaManager usage;
    private final Quotas.ProfileMaxQuotaManager limits;
    private final DefaultUserQuotaRootResolver roots;
    private final JPAMailboxSessionMapperFactory mappers;

    /**
     * @param limits the maximum size of each person's mailbox (from their profiles); the current use of each is kept
     *               in the same database, updated in the transaction's wake by James's listener on the event bus
     */
    Mailboxes(DataSource dataSource, Authenticator authenticator, NoMetrics metrics, Quotas.ProfileMaxQuotaManager limits) {
        Map<String, Object> properties = new HashMap<>();
        properties.put("openjpa.ConnectionFactory", dataSource);
        properties.put("openjpa.ConnectionFactoryMode", "local");
        properties.put("openjpa.TransactionMode", "local");
        properties.put("openjpa.jdbc.DBDictionary", "derby");
        properties.put("openjpa.MetaDataFactory", "jpa(Types=" + String.join(";", ENTITIES) + ")");
        properties.put("openjpa.jdbc.SynchronizeMappings", "buildSchema(ForeignKeys=true)");
        properties.put("openjpa.RuntimeUnenhancedClasses", "unsupported");
        properties.put("openjpa.Multithreaded", "true");
        properties.put("openjpa.Log", "slf4j");
        properties.put("openjpa.DynamicEnhancementAgent", "false");
        properties.put("openjpa.jdbc.MappingDefaults", "ForeignKeyDeleteAction=cascade, JoinForeignKeyDeleteAction=cascade");
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(Mailboxes.class.getClassLoader());
        try {
            entityManagerFactory = new org.apache.openjpa.persistence.PersistenceProviderImpl()
                .createEntityManagerFactory("preau-mail", properties);
            entityManagerFactory.createEntityManager().close();
        } finally {
            thread.setContextClassLoader(previous);
        }
        mappers = new JPAMailboxSessionMapperFactory(entityManagerFactory,
            new JPAUidProvider(entityManagerFactory), new JPAModSeqProvider(entityManagerFactory));
        eventBus = new InVMEventBus(new InVmEventDelivery(metrics), RetryBackoffConfiguration.DEFAULT, new MemoryEventDeadLetters());
        StoreRightManager rights = new StoreRightManager(mappers, new UnionMailboxACLResolver(), eventBus);
        StoreMailboxAnnotationManager annotations = new StoreMailboxAnnotationManager(mappers, rights);
        Authorizator noDelegation = (user, other) -> Authorizator.AuthorizationState.FORBIDDEN;
        SessionProviderImpl sessions = new SessionProviderImpl(authenticator, noDelegation);
        this.limits = limits;
        roots = new DefaultUserQuotaRootResolver(sessions, mappers);
        limits.resolveWith(roots);
        usage = new JpaCurrentQuotaManager(entityManagerFactory);
        StoreQuotaManager quotaManager = new StoreQuotaManager(usage, limits);
        quotas = new QuotaComponents(limits, quotaManager, roots);
        eventBus.register(new ListeningCurrentQuotaUpdater(usage, roots, eventBus, quotaManager));
        SimpleMessageSearchIndex index = new SimpleMessageSearchIndex(mappers, mappers, new DefaultTextExtractor(),
            (attachment, session) -> InputStream.nullInputStream());
        manager = new OpenJPAMailboxManager(mappers, sessions, new MessageParser(), new DefaultMessageId.Factory(),
            eventBus, annotations, rights, quotas, index, new NaiveThreadIdGuessingAlgorithm(), Clock.systemUTC());
        subscriptions = new StoreSubscriptionManager(mappers, mappers, eventBus);
        countExistingUse();
    }

    /**
     * The first start with quotas on a store that already holds mail (no use counted yet): each owner's use is counted
     * once from their messages; afterwards the listener keeps it up to date.
     */
    private void countExistingUse() {
        javax.persistence.EntityManager em = entityManagerFactory.createEntityManager();
        List<String> owners;
        try {
            long counted = em.createQuery("SELECT COUNT(q) FROM CurrentQuota q", Long.class).getSingleResult();
            if (counted > 0) {
                return;
            }
            owners = em.createQuery("SELECT DISTINCT m.user FROM Mailbox m WHERE m.user IS NOT NULL", String.class).getResultList();
        } finally {
            em.close();
        }
        CurrentQuotaCalculator calculator = new CurrentQuotaCalculator(mappers, roots);
        for (String owner : owners) {
            Username user = Username.of(owner);
            MailboxSession session = manager.createSystemSession(user);
            try {
                QuotaRoot root = roots.forUser(user);
                calculator.recalculateCurrentQuotas(root, session)
                    .flatMap(current -> usage.setCurrentQuotas(QuotaOperation.from(root, current)))
                    .block();
            } finally {
                manager.endProcessingRequest(session);
            }
        }
    }

    /** How much of their mailbox {@code login} uses, and their limit. */
    Quotas.Usage usage(String login) {
        QuotaRoot root = roots.forUser(Username.of(login));
        QuotaSizeUsage used = usage.getCurrentStorage(root).block();
        return Quotas.Usage.of(used == null ? 0 : used.asLong(), limits.limit(login));
    }

    /**
     * Runs {@code work} with this bundle's class loader as the thread's context class loader: OpenJPA and James load
     * classes through it, and a call from another module's thread (the search module's request, the portal's home
     * page) carries that module's loader, which does not see the store's classes.
     */
    static <T> T inStore(java.util.function.Supplier<T> work) {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(Mailboxes.class.getClassLoader());
        try {
            return work.get();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    /** Appends a delivered message to the INBOX of {@code login} (created on first delivery); returns once committed. */
    void deliver(String login, InputStream message) throws Exception {
        Username user = Username.of(login);
        MailboxSession session = manager.createSystemSession(user);
        try {
            MailboxPath inbox = MailboxPath.inbox(user);
            if (!Boolean.TRUE.equals(reactor.core.publisher.Mono.from(manager.mailboxExists(inbox, session)).block())) {
                manager.createMailbox(inbox, session);
            }
            MessageManager mailbox = manager.getMailbox(inbox, session);
            mailbox.appendMessage(MessageManager.AppendCommand.builder()
                .recent()
                .withInternalDate(new Date())
                .build(message.readAllBytes()), session);
        } finally {
            manager.endProcessingRequest(session);
        }
    }

    @Override
    public void close() {
        entityManagerFactory.close();
    }
}
