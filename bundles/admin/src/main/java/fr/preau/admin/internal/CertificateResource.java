package fr.preau.admin.internal;

import fr.preau.access.AccessService;
import fr.preau.access.PlatformActions;
import fr.preau.api.Person;
import fr.preau.api.ProblemException;
import fr.preau.audit.AuditEvent;
import fr.preau.audit.AuditLog;
import fr.preau.web.BoxTls;
import fr.preau.web.Callers;
import fr.preau.web.PreauApi;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.servlet.http.HttpServletRequest;
import javax.ws.rs.Consumes;
import javax.ws.rs.GET;
import javax.ws.rs.PUT;
import javax.ws.rs.Produces;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.SecurityContext;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ServiceScope;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JSONRequired;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The box's TLS certificate, for the console (« État de la box »):
 * <pre>
 * GET /api/v1/admin/certificate → {@link CertificateDto}   (referent, direction)
 * PUT /api/v1/admin/certificate ← {@link CertificateRequest} → {@link CertificateDto}   (referent)
 * </pre>
 * The school's certificate comes either as PEM texts (certificate chain + private key) or as a PKCS#12 file
 * (base64) with its password. It is checked (key matches, dates) before anything changes, installed
 * atomically ({@link BoxTls#install}), audited, and the web server then restarts its connectors (a second or
 * two) so that HTTPS serves it at once; the mail servers, when installed, take it within 30 s. Secrets (key, password)
 * are never logged nor audited: the audit keeps the certificate's subject and fingerprint.
 */
@Component(service = CertificateResource.class, scope = ServiceScope.PROTOTYPE)
@JaxrsResource
@JaxrsApplicationSelect(PreauApi.SELECT)
@JSONRequired
@javax.ws.rs.Path("admin/certificate")
@Produces(MediaType.APPLICATION_JSON)
public final class CertificateResource {

    private static final Logger LOG = LoggerFactory.getLogger(CertificateResource.class);
    /** Pax Web's Jetty: restarting it re-reads the keystore; the whiteboard registers everything again. */
    static final String JETTY_BUNDLE = "org.ops4j.pax.web.pax-web-jetty";

    /** What the console shows. {@code httpsPort}: -1 when HTTPS is off. */
    public record CertificateDto(String subject, String issuer, List<String> names, Instant notBefore,
            Instant notAfter, String sha256, boolean selfSigned, int chainLength, int httpsPort, boolean restarting) {
    }

    /** Either {@code certificate} + {@code key} (PEM), or {@code pkcs12} (base64) + {@code password}. */
    public record CertificateRequest(String certificate, String key, String pkcs12, String password) {
    }

    private final AccessService access;
    private final AuditLog audit;
    private final BundleContext context;
    private final Clock clock;
    private final Path directory;

    @Context
    HttpServletRequest http;

    @Activate
    public CertificateResource(@Reference(name = "access") AccessService access,
            @Reference(name = "audit") AuditLog audit, BundleContext context) {
        this(access, audit, context, Clock.systemUTC(), BoxTls.directory());
    }

    CertificateResource(AccessService access, AuditLog audit, BundleContext context, Clock clock, Path directory) {
        this.access = access;
        this.audit = audit;
        this.context = context;
        this.clock = clock;
        this.directory = directory;
    }

    @GET
    public CertificateDto current(@Context SecurityContext security) {
        Person actor = Callers.require(security);
        access.require(actor, PlatformActions.READ_HEALTH, null);
        return dto(false);
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    public CertificateDto replace(@Context SecurityContext security, CertificateRequest body) {
        Person actor = Callers.require(security);
        access.require(actor, PlatformActions.MANAGE_BOX, null);
        KeyStore.PrivateKeyEntry entry;
        try {
            entry = read(body, clock.instant());
        } catch (BoxTls.InvalidCertificateException e) {
            audit.record(new AuditEvent("box.certificate.replace", actor.id(), null, address(), false,
                    Map.of("reason", e.code())));
            throw new ProblemException(400, e.code(), e.getMessage());
        }
        try {
            BoxTls.install(directory, entry);
        } catch (IOException | GeneralSecurityException e) {
            LOG.error("The box certificate could not be written", e);
            throw new ProblemException(500, "certificate-not-saved",
                    "Le certificat n’a pas pu être enregistré sur la box ; l’ancien reste en service.");
        }
        CertificateDto dto = dto(restartWebServer());
        audit.record(new AuditEvent("box.certificate.replace", actor.id(), dto.subject(), address(), true,
                Map.of("sha256", dto.sha256(), "issuer", dto.issuer(), "notAfter", String.valueOf(dto.notAfter()))));
        LOG.info("Box certificate replaced by {}: {} (SHA-256 {})", actor.id(), dto.subject(), dto.sha256());
        return dto;
    }

    static KeyStore.PrivateKeyEntry read(CertificateRequest body, Instant now) throws BoxTls.InvalidCertificateException {
        if (body == null) {
            throw new BoxTls.InvalidCertificateException("missing-field",
                    "Envoyez le certificat et sa clé privée, ou un fichier PKCS#12 avec son mot de passe.");
        }
        if (body.pkcs12() != null && !body.pkcs12().isBlank()) {
            byte[] p12;
            try {
                p12 = Base64.getMimeDecoder().decode(body.pkcs12());
            } catch (IllegalArgumentException e) {
                throw new BoxTls.InvalidCertificateException("pkcs12-unreadable",
                        "Le fichier PKCS#12 est abîmé (il n’a pas pu être décodé).");
            }
            return BoxTls.fromPkcs12(p12, body.password() == null ? new char[0] : body.password().toCharArray(), now);
        }
        if (body.certificate() == null || body.certificate().isBlank()) {
            throw new BoxTls.InvalidCertificateException("missing-field", "Choisissez le fichier du certificat.");
        }
        if (body.key() == null || body.key().isBlank()) {
            throw new BoxTls.InvalidCertificateException("missing-field", "Choisissez le fichier de la clé privée.");
        }
        return BoxTls.fromPem(body.certificate(), body.key(), now);
    }

    private CertificateDto dto(boolean restarting) {
        int port = httpsPort();
        try {
            List<java.security.cert.X509Certificate> chain = BoxTls.chain(directory);
            if (chain.isEmpty()) {
                throw new ProblemException(404, "no-certificate",
                        "La box n’a pas encore de certificat : il est créé au démarrage.");
            }
            BoxTls.CertificateInfo info = BoxTls.describe(chain);
            return new CertificateDto(info.subject(), info.issuer(), info.names(), info.notBefore(), info.notAfter(),
                    info.sha256(), info.selfSigned(), info.chainLength(), port, restarting);
        } catch (IOException | GeneralSecurityException e) {
            LOG.warn("The box certificate cannot be read: {}", e.toString());
            throw new ProblemException(500, "certificate-unreadable",
                    "Le certificat de la box n’a pas pu être lu : consultez le journal de la box.");
        }
    }

    private int httpsPort() {
        try {
            return Integer.parseInt(String.valueOf(context.getProperty("preau.https.port")).trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** Restarts Pax Web's Jetty a moment after this answer has left, so that HTTPS serves the new certificate. */
    private boolean restartWebServer() {
        Bundle jetty = null;
        for (Bundle b : context.getBundles()) {
            if (JETTY_BUNDLE.equals(b.getSymbolicName()) && b.getState() == Bundle.ACTIVE) {
                jetty = b;
            }
        }
        if (jetty == null) {
            return false;
        }
        Bundle target = jetty;
        ScheduledExecutorService once = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "preau-certificate-reload");
            t.setDaemon(true);
            return t;
        });
        once.schedule(() -> {
            try {
                target.stop(Bundle.STOP_TRANSIENT);
                target.start(Bundle.START_TRANSIENT);
                LOG.info("Web server restarted with the new certificate");
            } catch (BundleException | RuntimeException e) {
                LOG.error("The web server did not restart after the certificate change", e);
            } finally {
                once.shutdown();
            }
        }, 1, TimeUnit.SECONDS);
        return true;
    }

    private String address() {
        return http == null ? null : http.getRemoteAddr();
    }
}
