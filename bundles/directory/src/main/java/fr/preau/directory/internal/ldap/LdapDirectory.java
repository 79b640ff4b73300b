package fr.preau.directory.internal.ldap;

import fr.preau.directory.internal.ldap.LdapSettings.Search;
import java.io.IOException;
import java.net.URI;
import java.util.Hashtable;
import java.util.Optional;
import javax.naming.Context;
import javax.naming.NameNotFoundException;
import javax.naming.NamingEnumeration;
import javax.naming.NamingException;
import javax.naming.directory.Attributes;
import javax.naming.directory.SearchControls;
import javax.naming.directory.SearchResult;
import javax.naming.ldap.Control;
import javax.naming.ldap.InitialLdapContext;
import javax.naming.ldap.LdapContext;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.PagedResultsControl;
import javax.naming.ldap.PagedResultsResponseControl;
import javax.naming.ldap.StartTlsRequest;
import javax.naming.ldap.StartTlsResponse;
import javax.xml.stream.XMLStreamException;

/**
 * One connection to the académie's directory through JNDI (no library needed): simple bind
 * (or anonymous), StartTLS when asked, paged subtree searches. Every failure becomes an
 * {@link LdapFailure} with a French message.
 * <p>
 * Paging is requested as a critical control: a server that cannot page refuses the search rather
 * than returning a truncated list, and a server-side size limit raises an error instead of ending
 * the enumeration early. Referrals are not followed and make the read fail: a read that is not
 * whole must never pass for a complete export.
 */
final class LdapDirectory implements AutoCloseable {

    /** What a search hands over, entry by entry. */
    interface Entries {
        void entry(SearchResult result) throws LdapFailure, XMLStreamException, IOException;
    }

    /** Asks for no attribute at all (RFC 4511 §4.5.1.8). */
    static final String[] NO_ATTRIBUTES = {"1.1"};

    private final LdapSettings settings;
    private final LdapContext ctx;
    private final StartTlsResponse tls;
    private final String server;
    private boolean started;

    private LdapDirectory(LdapSettings settings, LdapContext ctx, StartTlsResponse tls, String server) {
        this.settings = settings;
        this.ctx = ctx;
        this.tls = tls;
        this.server = server;
    }

    /** Connects and binds; checks nothing else. */
    static LdapDirectory open(LdapSettings s) throws LdapFailure {
        String server = server(s.url());
        Hashtable<String, Object> env = new Hashtable<>();
        env.put(Context.INITIAL_CONTEXT_FACTORY, "com.sun.jndi.ldap.LdapCtxFactory");
        env.put(Context.PROVIDER_URL, s.url());
        env.put(Context.REFERRAL, "ignore");
        env.put("java.naming.ldap.version", "3");
        env.put("com.sun.jndi.ldap.connect.timeout", Integer.toString(s.connectTimeoutMillis()));
        env.put("com.sun.jndi.ldap.read.timeout", Integer.toString(s.readTimeoutMillis()));
        env.put("com.sun.jndi.ldap.connect.pool", "false");
        boolean anonymous = s.bindDn().isEmpty();
        if (anonymous || s.startTls()) {
            env.put(Context.SECURITY_AUTHENTICATION, "none");
        } else {
            credentials(env, s);
        }
        LdapContext ctx = null;
        StartTlsResponse tls = null;
        // The JDK's LDAP provider is found through the context class loader: in OSGi, that is a
        // bundle's, which may not see it.
        Thread t = Thread.currentThread();
        ClassLoader previous = t.getContextClassLoader();
        t.setContextClassLoader(ClassLoader.getSystemClassLoader());
        try {
            ctx = new InitialLdapContext(env, null);
            if (s.startTls()) {
                tls = (StartTlsResponse) ctx.extendedOperation(new StartTlsRequest());
                if (s.tls() == null) {
                    tls.negotiate(); // the JVM's trust store, and the server's name checked against its certificate
                } else {
                    tls.negotiate(s.tls());
                }
                if (!anonymous) {
                    ctx.addToEnvironment(Context.SECURITY_AUTHENTICATION, "simple");
                    ctx.addToEnvironment(Context.SECURITY_PRINCIPAL, s.bindDn());
                    ctx.addToEnvironment(Context.SECURITY_CREDENTIALS, s.bindPassword());
                    // the bind happens with the next operation: make it now, over TLS
                    ctx.getAttributes("", NO_ATTRIBUTES);
                }
            }
            return new LdapDirectory(s, ctx, tls, server);
        } catch (NamingException e) {
            close(ctx, tls);
            throw LdapFailure.of(e, null, null, false, server);
        } catch (IOException e) {
            close(ctx, tls);
            throw new LdapFailure(LdapFailure.Kind.TLS, "Connexion chiffrée (StartTLS) impossible avec " + server
                    + " : le certificat du serveur n'est pas reconnu ou le serveur refuse StartTLS.");
        } finally {
            t.setContextClassLoader(previous);
        }
    }

    private static void credentials(Hashtable<String, Object> env, LdapSettings s) {
        env.put(Context.SECURITY_AUTHENTICATION, "simple");
        env.put(Context.SECURITY_PRINCIPAL, s.bindDn());
        env.put(Context.SECURITY_CREDENTIALS, s.bindPassword());
    }

    /** {@code host:port} of the first URL, for messages. */
    static String server(String urls) {
        String first = urls.strip().split("\\s+")[0];
        try {
            URI u = new URI(first);
            int port = u.getPort() > 0 ? u.getPort() : "ldaps".equalsIgnoreCase(u.getScheme()) ? 636 : 389;
            return u.getHost() + ":" + port;
        } catch (java.net.URISyntaxException e) {
            return first;
        }
    }

    /** Fails with "Base DN introuvable" when the base DN is not on the server. */
    void checkBase() throws LdapFailure {
        read(settings.baseDn(), NO_ATTRIBUTES, "l'annuaire", true);
    }

    /** How many entries a search finds (paged, no attributes read). */
    long count(Search search) throws LdapFailure {
        long[] n = {0};
        try {
            search(search, NO_ATTRIBUTES, r -> n[0]++);
        } catch (XMLStreamException | IOException e) {
            throw new IllegalStateException(e); // counting writes nothing
        }
        return n[0];
    }

    /**
     * Runs a paged subtree search and hands over every entry. Returns normally only when the
     * server said the last page was sent.
     *
     * @param attributes attributes to read, null for all user attributes
     */
    void search(Search search, String[] attributes, Entries entries) throws LdapFailure, XMLStreamException, IOException {
        String what = "les " + LdapSettings.plural(search.category());
        SearchControls controls = new SearchControls(SearchControls.SUBTREE_SCOPE, 0, 0, attributes, false, false);
        LdapContext paging = null;
        try {
            paging = ctx.newInstance(null);
            byte[] cookie = null;
            do {
                paging.setRequestControls(new Control[] {new PagedResultsControl(settings.pageSize(), cookie, Control.CRITICAL)});
                NamingEnumeration<SearchResult> results = paging.search(search.base(), search.filter(), controls);
                try {
                    while (results.hasMore()) {
                        started = true;
                        entries.entry(results.next());
                    }
                } finally {
                    closeQuietly(results);
                }
                started = true;
                cookie = null;
                Control[] response = paging.getResponseControls();
                if (response != null) {
                    for (Control c : response) {
                        if (c instanceof PagedResultsResponseControl p) {
                            cookie = p.getCookie();
                        }
                    }
                }
            } while (cookie != null && cookie.length > 0);
        } catch (NameNotFoundException e) {
            throw LdapFailure.of(e, search.base().toString(), what, started, server);
        } catch (NamingException e) {
            throw LdapFailure.of(e, search.base().toString(), what, started, server);
        } finally {
            if (paging != null) {
                try {
                    paging.close();
                } catch (NamingException ignored) {
                    // the connection is shared with ctx, closed with it
                }
            }
        }
    }

    /**
     * Reads some attributes of one entry; empty when it does not exist (unless {@code mustExist}).
     */
    Optional<Attributes> read(LdapName dn, String[] attributes, String what, boolean mustExist) throws LdapFailure {
        try {
            return Optional.of(ctx.getAttributes(dn, attributes));
        } catch (NameNotFoundException e) {
            if (mustExist) {
                throw LdapFailure.of(e, dn.toString(), null, started, server);
            }
            return Optional.empty();
        } catch (NamingException e) {
            throw LdapFailure.of(e, dn.toString(), what, started, server);
        }
    }

    private static void closeQuietly(NamingEnumeration<?> e) {
        try {
            e.close();
        } catch (NamingException ignored) {
            // nothing more to read
        }
    }

    private static void close(LdapContext ctx, StartTlsResponse tls) {
        if (tls != null) {
            try {
                tls.close();
            } catch (IOException ignored) {
                // closing
            }
        }
        if (ctx != null) {
            try {
                ctx.close();
            } catch (NamingException ignored) {
                // closing
            }
        }
    }

    @Override
    public void close() {
        close(ctx, tls);
    }
}
