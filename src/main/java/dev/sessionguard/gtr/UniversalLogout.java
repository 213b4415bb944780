package dev.sessionguard.gtr;

import dev.sessionguard.audit.AuditLog;
import dev.sessionguard.config.GtrSettings;
import dev.sessionguard.safety.ProtectedUsers;
import dev.sessionguard.slackapi.Directory;
import dev.sessionguard.slackapi.SessionAdminApi;
import java.io.IOException;
import java.time.Clock;
import java.util.Map;
import java.util.function.Consumer;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

/** Universal Logout's parts, put together: the composition root asks this for the servlet to mount. */
public final class UniversalLogout {

    private UniversalLogout() {
    }

    /**
     * With Universal Logout off, {@code /global-token-revocation} answers the app's usual JSON 404 to every method
     * (an unmapped path would answer a POST with 405, which tells a scanner that something is there).
     */
    public static Map<String, HttpServlet> off() {
        return Map.of(GtrServlet.PATH, new NotFound());
    }

    private static final class NotFound extends HttpServlet {
        @Override
        protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            resp.sendError(HttpServletResponse.SC_NOT_FOUND);
        }
    }

    /**
     * {@code /global-token-revocation} → its servlet.
     *
     * @param jtis the used token IDs, shared by every instance (the composition root builds the store)
     */
    public static Map<String, HttpServlet> servlets(GtrSettings settings, Directory directory, SessionAdminApi sessions,
            AuditLog audit, ProtectedUsers protectedUsers, JtiStore jtis, Clock clock, Consumer<String> outcomes) {
        GtrService service = new GtrService(settings.issuer(), directory, sessions, audit, clock, protectedUsers);
        return Map.of(GtrServlet.PATH, new GtrServlet(new GtrTokenVerifier(settings, clock),
                new GtrRateLimit(settings.maxPerMinute(), clock), jtis, service, settings.issuer(), outcomes));
    }
}
