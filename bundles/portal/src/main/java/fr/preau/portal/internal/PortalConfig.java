package fr.preau.portal.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration PID {@code fr.preau.portal}, shared by the portal's components. */
@ObjectClassDefinition(name = "Préau – portail",
        description = "Catalogue, recherche, nouveautés et interface web du portail")
public @interface PortalConfig {

    @AttributeDefinition(description = "Search hits returned when the client gives no limit")
    int search_limit_default() default 20;

    @AttributeDefinition(description = "Largest search limit a client may ask for")
    int search_limit_max() default 50;

    @AttributeDefinition(description = "Notifications returned when the client gives no limit")
    int notifications_limit_default() default 20;

    @AttributeDefinition(description = "Largest notifications limit a client may ask for")
    int notifications_limit_max() default 50;

    @AttributeDefinition(description = "Days a published notification is kept (read marks: twice as long)")
    int notifications_retention_days() default 60;

    @AttributeDefinition(description = "Content-Security-Policy sent with index.html")
    String ui_content_security_policy() default UiFilter.DEFAULT_CSP;
}
