package dev.sessionguard.gtr;

import dev.sessionguard.audit.AuditLog;
import dev.sessionguard.config.GtrSettings;
import dev.sessionguard.safety.ProtectedUsers;
import dev.sessionguard.slackapi.Directory;
import dev.sessionguard.slackapi.SessionAdminApi;
import dev.sessionguard.storage.Database;
import dev.sessionguard.storage.JdbcJtiStore;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
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

    /** {@code /global-token-revocation} → its servlet. */
    public static Map<String, HttpServlet> servlets(GtrSettings settings, Directory directory, SessionAdminApi sessions,
            AuditLog audit, ProtectedUsers protectedUsers, Database database, Clock clock, Consumer<String> outcomes) {
        JdbcJtiStore stored = new JdbcJtiStore(database, clock);
        JtiStore jtis = new JtiStore() {
            @Override
            public boolean claim(String jti, Instant keepUntil) {
                return stored.claim(jti, keepUntil);
            }

            @Override
            public void release(String jti) {
                stored.release(jti);
            }
        };
        GtrService service = new GtrService(settings.issuer(), directory, sessions, audit, clock, protectedUsers);
        return Map.of(GtrServlet.PATH, new GtrServlet(new GtrTokenVerifier(settings, clock),
                new GtrRateLimit(settings.maxPerMinute(), clock), jtis, service, settings.issuer(), outcomes));
    }
}
