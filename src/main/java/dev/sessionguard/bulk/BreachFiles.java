package dev.sessionguard.bulk;

import dev.sessionguard.slackapi.Tokens;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fetches and parses a breach list an admin uploaded through the bulk form. Blocks for up to the timeout: call it
 * after the ack, on a slow lane, never on a request thread.
 *
 * <p>The bot token goes only to Slack's file host ({@code https://files.slack.com}) or to the exact scheme, host and
 * port of {@code SLACK_API_URL} (how tests point it at a loopback fake). A file whose URL is anywhere else is not
 * fetched at all: a submission's URL is data, and the token must not follow it.
 */
public final class BreachFiles {

    static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static final Logger log = LoggerFactory.getLogger(BreachFiles.class);
    private static final String FILE_HOST = "files.slack.com";

    private final Tokens tokens;
    private final URI apiUrl;
    private final HttpClient http;
    private final Duration timeout;

    /** @param slackApiUrl {@code Settings.slackApiUrl()}: its scheme, host and port may also receive the token */
    public BreachFiles(Tokens tokens, String slackApiUrl) {
        this(tokens, slackApiUrl, TIMEOUT);
    }

    BreachFiles(Tokens tokens, String slackApiUrl, Duration timeout) {
        this.tokens = tokens;
        this.apiUrl = URI.create(slackApiUrl);
        this.timeout = timeout;
        // A redirect could lead the token's request anywhere; Slack's file host answers the file itself.
        this.http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).connectTimeout(timeout).build();
    }

    /** What became of one file. */
    public sealed interface Outcome permits Read, Failed {
        BreachFile file();
    }

    /** The file, parsed. Its unreadable lines are listed in the preview, not refused. */
    public record Read(BreachFile file, BreachList list) implements Outcome {
    }

    /**
     * @param words plain text for the admin, e.g. "The file breach.csv could not be read: it is not text (…).
     *              Nothing was sent to Slack."; the file's name is user text, escape it for mrkdwn
     */
    public record Failed(BreachFile file, String words) implements Outcome {
    }

    /** Downloads the file with the bot token and parses it. Never throws for anything the file or Slack does. */
    public Outcome read(BreachFile file) {
        try {
            return new Read(file, BreachList.parse(text(file)));
        } catch (Refused | BreachList.Unusable e) {
            String words = "The file " + file.label() + " could not be read: " + e.getMessage() + ". "
                    + BulkWords.NOTHING_SENT;
            log.warn("Breach list file {} not read: {}", file.id(), e.getMessage());
            return new Failed(file, words);
        }
    }

    private String text(BreachFile file) {
        if (file.tooLarge()) {
            throw new Refused("it is " + BreachFile.megabytes(file.size()) + ", and Session Guard reads files up to " + BulkWords.FILE_LIMIT);
        }
        URI uri = allowedUri(file.url());
        String token;
        try {
            token = tokens.bot().reveal();
        } catch (Tokens.NotInstalledException e) {
            throw new Refused("Session Guard is not installed on the org");
        }
        HttpRequest request;
        try {
            request = HttpRequest.newBuilder(uri).GET().timeout(timeout)
                    .header("Authorization", "Bearer " + token).build();
        } catch (IllegalArgumentException e) {
            // The JDK's words for a bad header value quote the value, which here is the token.
            throw new Refused("the bot token can't be sent as a header");
        }
        return decode(download(request));
    }

    private URI allowedUri(String url) {
        if (url == null || url.isBlank()) {
            throw new Refused("Slack gave no link to download it");
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (java.net.URISyntaxException e) {
            throw new Refused("Slack's link to it is not a valid URL");
        }
        if (!isSlackFileHost(uri)) {
            String host = uri.getHost() == null ? "an unknown host" : uri.getHost();
            throw new Refused("its link points outside Slack's file host (to " + BulkWords.cut(host, 100)
                    + "), so Session Guard did not fetch it");
        }
        return uri;
    }

    /** Slack's file host, or exactly where SLACK_API_URL points; never a look-alike with user info or another port. */
    boolean isSlackFileHost(URI uri) {
        if (uri.getHost() == null || uri.getScheme() == null || uri.getRawUserInfo() != null) {
            return false;
        }
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        String host = uri.getHost().toLowerCase(Locale.ROOT);
        int port = port(uri);
        if (scheme.equals("https") && host.equals(FILE_HOST) && port == 443) {
            return true;
        }
        return apiUrl.getScheme() != null && apiUrl.getHost() != null
                && scheme.equals(apiUrl.getScheme().toLowerCase(Locale.ROOT))
                && host.equals(apiUrl.getHost().toLowerCase(Locale.ROOT))
                && port == port(apiUrl);
    }

    private static int port(URI uri) {
        if (uri.getPort() != -1) {
            return uri.getPort();
        }
        return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : "http".equalsIgnoreCase(uri.getScheme()) ? 80 : -1;
    }

    private byte[] download(HttpRequest request) {
        CompletableFuture<HttpResponse<byte[]>> pending = http.sendAsync(request, BoundedBody.handler(BreachFile.MAX_BYTES));
        HttpResponse<byte[]> response;
        try {
            // The request's own timeout stops at the headers; this one also bounds a body that trickles.
            response = pending.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            pending.cancel(true);
            long seconds = Math.max(1, (timeout.toMillis() + 999) / 1000);
            throw new Refused("Slack did not send it within " + seconds + (seconds == 1 ? " second" : " seconds"));
        } catch (InterruptedException e) {
            pending.cancel(true);
            Thread.currentThread().interrupt();
            throw new Refused("Session Guard was stopping");
        } catch (ExecutionException e) {
            throw failure(e.getCause());
        }
        int status = response.statusCode();
        if (status >= 300 && status < 400) {
            throw new Refused("Slack answered with a redirect (HTTP " + status + "), which Session Guard does not follow");
        }
        if (status != 200) {
            throw new Refused("Slack did not hand over the file (HTTP " + status + ")");
        }
        if (BoundedBody.isHtml(response.headers())) {
            throw new Refused("Slack did not hand over the file but a sign-in page; check that the app has the"
                    + " files:read scope (reinstall it after adding the scope)");
        }
        return response.body();
    }

    private static Refused failure(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof BoundedBody.TooLarge) {
                return new Refused("it is larger than " + BulkWords.FILE_LIMIT + ", and Session Guard reads files up to "
                        + BulkWords.FILE_LIMIT);
            }
            if (t instanceof HttpTimeoutException) {
                return new Refused("Slack did not answer in time");
            }
        }
        // Only the exception's type: its message may name the URL, and there is nothing an admin can do with it.
        String what = cause == null ? "unknown" : cause.getClass().getSimpleName();
        return new Refused("the download failed (" + what + ")");
    }

    private static String decode(byte[] bytes) {
        for (byte b : bytes) {
            if (b == 0) {
                throw new Refused("it is not text; save it as CSV (UTF-8) or plain text and upload it again");
            }
        }
        try {
            String text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
            return text.startsWith("\uFEFF") ? text.substring(1) : text;
        } catch (CharacterCodingException e) {
            throw new Refused("it is not UTF-8 text; save it as CSV (UTF-8) and upload it again");
        }
    }

    /** Why a file was not read, as a clause after "could not be read: ". Never holds a token or a URL's query. */
    private static final class Refused extends RuntimeException {
        Refused(String words) {
            super(words, null, false, false);
        }
    }
}
