package fr.preau.web;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a resource method that receives a large body (a file upload) as a stream and bounds it
 * itself, so the request guard's general body limit does not apply to it. The method must stop
 * reading and answer 413 beyond its own limit; it still needs a session and the CSRF header.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface StreamedBody {
}
