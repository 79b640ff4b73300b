package fr.preau.web.internal;

import java.io.IOException;
import javax.servlet.Filter;
import javax.servlet.FilterChain;
import javax.servlet.ServletException;
import javax.servlet.ServletRequest;
import javax.servlet.ServletResponse;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardFilterName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardFilterPattern;

/**
 * Marks the end of every API request, response written: the modules it used ({@link ModuleRoutes#awaitResource})
 * may then be withdrawn. A module replaced in place (an update, a rollback, an uninstall) thus finishes the requests
 * it had begun, streamed downloads included, before its bundle stops.
 */
@Component(service = Filter.class, property = {
    // the JAX-RS whiteboard's servlet context (/api) among the others: a request that used no module costs one
    // thread-local look-up here
    "osgi.http.whiteboard.context.select=(osgi.http.whiteboard.context.name=*)"})
@HttpWhiteboardFilterName("preau-module-requests")
@HttpWhiteboardFilterPattern("/*")
public final class ModuleRequestsFilter implements Filter {

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        try {
            chain.doFilter(request, response);
        } finally {
            ModuleRoutes.endRequest();
        }
    }
}
