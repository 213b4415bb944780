package dev.sessionguard.gtr;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URL;
import java.text.ParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Fetches the identity provider's JWKS the one way this app trusts, for the verifier and for {@code doctor} alike:
 * http(s) only, {@link #TIMEOUT_MS} to connect and to read, at most {@link #SIZE_LIMIT} bytes, and no redirects.
 * A redirect could hand the choice of keys to another origin, so a 3xx is a failed fetch like a 500.
 */
final class JwksFetch {

    static final int TIMEOUT_MS = 3_000;
    static final int SIZE_LIMIT = 64 * 1024;
    /** Nimbus' words for a non-2xx status it read, and the JDK's for one (4xx, 5xx) it refused to read. */
    private static final Pattern STATUS = Pattern.compile("^(?:HTTP |Server returned HTTP response code: )(\\d{3})\\b.*",
            Pattern.DOTALL);

    /** Nimbus' retriever (timeouts, size cap, a non-2xx status is an IOException), told not to follow redirects. */
    private static final DefaultResourceRetriever RETRIEVER = new DefaultResourceRetriever(TIMEOUT_MS, TIMEOUT_MS,
            SIZE_LIMIT) {
        @Override
        protected HttpURLConnection openConnection(URL url) throws IOException {
            HttpURLConnection connection = super.openConnection(url);
            connection.setInstanceFollowRedirects(false);
            return connection;
        }
    };

    private JwksFetch() {
    }

    /**
     * @throws IOException    not fetched: unreachable, too slow, too large, not http(s), or a status other than 2xx
     * @throws ParseException fetched, but not a JWK set
     */
    static JWKSet load(URL url) throws IOException, ParseException {
        if (!"https".equals(url.getProtocol()) && !"http".equals(url.getProtocol())) {
            throw new IOException("not an http(s) URL"); // Nimbus would also read file: URLs
        }
        return JWKSet.parse(RETRIEVER.retrieveResource(url).getContent());
    }

    /** A failed fetch in words of ours: the status when there was one (never the server's own words), else the kind. */
    static String describe(IOException e) {
        Matcher status = e.getMessage() == null ? null : STATUS.matcher(e.getMessage());
        if (status != null && status.matches()) {
            String code = status.group(1);
            return "HTTP " + code + (code.startsWith("3") ? ", a redirect, which is not followed" : "");
        }
        return e.getClass().getSimpleName();
    }
}
