package fr.preau.web;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a state-changing resource method that runs before a session exists (login, first
 * login, box set-up), so it cannot carry a CSRF token. Such methods must accept JSON only
 * (a cross-site form cannot send {@code application/json} without a CORS preflight, which the
 * box never grants).
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface CsrfExempt {
}
