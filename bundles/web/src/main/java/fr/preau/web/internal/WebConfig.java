package fr.preau.web.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Settings of the web layer, PID {@code fr.preau.web}. */
@ObjectClassDefinition(name = "Préau – web")
public @interface WebConfig {
    @AttributeDefinition(description = "Largest request body accepted by the JSON API, in bytes")
    long max_body_bytes() default 1_048_576L;

    @AttributeDefinition(description = "Trust X-Forwarded-For / X-Forwarded-Proto (only behind a reverse proxy of the school)")
    boolean trust_proxy() default false;
}
