package fr.preau.web.internal;

import javax.servlet.http.HttpServletRequest;

/** Client address and transport security, honouring a trusted reverse proxy if configured. */
final class ClientInfo {

    private ClientInfo() {
    }

    static String address(HttpServletRequest request, boolean trustProxy) {
        if (trustProxy) {
            String forwarded = request.getHeader("X-Forwarded-For");
            if (forwarded != null && !forwarded.isBlank()) {
                String first = forwarded.split(",", 2)[0].trim();
                if (!first.isEmpty() && first.length() <= 64) {
                    return first;
                }
            }
        }
        return request.getRemoteAddr();
    }

    static boolean secure(HttpServletRequest request, boolean trustProxy) {
        return request.isSecure() || (trustProxy && "https".equalsIgnoreCase(request.getHeader("X-Forwarded-Proto")));
    }
}
