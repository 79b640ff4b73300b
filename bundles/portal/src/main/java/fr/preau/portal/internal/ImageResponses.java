package fr.preau.portal.internal;

import java.nio.file.Path;
import javax.ws.rs.core.CacheControl;
import javax.ws.rs.core.EntityTag;
import javax.ws.rs.core.Request;
import javax.ws.rs.core.Response;

/**
 * Serving a stored picture (avatar, school logo): cached for a year when the address carries the
 * picture's current version ({@code ?v=}), otherwise revalidated each time with its version as
 * entity tag (a 304 when unchanged).
 */
final class ImageResponses {

    private ImageResponses() {
    }

    /**
     * @param personal whether only the signed-in person's browser may keep it ({@code private})
     */
    static Response png(Path file, long version, String askedVersion, Request request, boolean personal) {
        EntityTag tag = new EntityTag(Long.toString(version));
        CacheControl cache = new CacheControl();
        cache.setPrivate(personal);
        if (Long.toString(version).equals(askedVersion)) {
            cache.setMaxAge(31_536_000);
        } else {
            cache.setNoCache(true);
        }
        Response.ResponseBuilder notModified = request == null ? null : request.evaluatePreconditions(tag);
        if (notModified != null) {
            return notModified.cacheControl(cache).tag(tag).build();
        }
        return Response.ok(file.toFile(), "image/png").cacheControl(cache).tag(tag).build();
    }
}
