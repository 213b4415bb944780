package dev.sessionguard.bulk;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import org.junit.jupiter.api.Test;

/** The download's body, fed by hand: cut off past the limit (declared or streamed), never for a body at it. */
class BoundedBodyTest {

    static final long MAX = 10;

    /** Counts what the body asks of its subscription. */
    static final class Subscription implements Flow.Subscription {
        long requested;
        int cancelled;

        @Override
        public void request(long n) {
            requested += n;
        }

        @Override
        public void cancel() {
            cancelled++;
        }
    }

    @Test
    void aBodyDeclaredAtTheLimitIsReadAndOneDeclaredPastItIsRefusedUnread() throws Exception {
        Subscription at = new Subscription();
        HttpResponse.BodySubscriber<byte[]> fits = subscriber(200, "text/csv", MAX);
        fits.onSubscribe(at);
        fits.onNext(List.of(ByteBuffer.wrap("0123456789".getBytes())));
        fits.onComplete();
        assertThat(at.requested).isEqualTo(Long.MAX_VALUE);
        assertThat(at.cancelled).isZero();
        assertThat(fits.getBody().toCompletableFuture().get()).asString().isEqualTo("0123456789");

        Subscription past = new Subscription();
        HttpResponse.BodySubscriber<byte[]> large = subscriber(200, "text/csv", MAX + 1);
        large.onSubscribe(past);
        assertThat(past.requested).isZero();
        assertThat(past.cancelled).isEqualTo(1);
        assertTooLarge(large);
    }

    @Test
    void aBodyStreamedPastTheLimitIsCutOffOnceAndWhatFollowsIsIgnored() throws Exception {
        Subscription s = new Subscription();
        HttpResponse.BodySubscriber<byte[]> body = subscriber(200, "text/plain", -1);
        body.onSubscribe(s);
        body.onNext(List.of(ByteBuffer.wrap("01234".getBytes()), ByteBuffer.wrap("56789".getBytes())));
        assertThat(s.cancelled).isZero();

        body.onNext(List.of(ByteBuffer.wrap("x".getBytes())));
        body.onNext(List.of(ByteBuffer.wrap("y".getBytes())));

        assertThat(s.cancelled).isEqualTo(1);
        assertTooLarge(body);
    }

    @Test
    void anErrorStatusOrASignInPageHasNoBody() throws Exception {
        for (HttpResponse.BodySubscriber<byte[]> none : List.of(subscriber(404, "text/csv", 5),
                subscriber(200, "text/html; charset=utf-8", 5))) {
            none.onSubscribe(new Subscription());
            none.onNext(List.of(ByteBuffer.wrap("hello".getBytes())));
            none.onComplete();
            assertThat(none.getBody().toCompletableFuture().get()).isNull();
        }
    }

    private static void assertTooLarge(HttpResponse.BodySubscriber<byte[]> body) {
        CompletableFuture<byte[]> f = body.getBody().toCompletableFuture();
        assertThat(f).isCompletedExceptionally();
        try {
            f.get();
        } catch (ExecutionException | InterruptedException e) {
            assertThat(e.getCause()).isInstanceOf(BoundedBody.TooLarge.class);
        }
    }

    private static HttpResponse.BodySubscriber<byte[]> subscriber(int status, String type, long length) {
        Map<String, List<String>> headers = length < 0 ? Map.of("Content-Type", List.of(type))
                : Map.of("Content-Type", List.of(type), "Content-Length", List.of(Long.toString(length)));
        HttpHeaders h = HttpHeaders.of(headers, (k, v) -> true);
        return BoundedBody.handler(MAX).apply(new HttpResponse.ResponseInfo() {
            @Override
            public int statusCode() {
                return status;
            }

            @Override
            public HttpHeaders headers() {
                return h;
            }

            @Override
            public HttpClient.Version version() {
                return HttpClient.Version.HTTP_1_1;
            }
        });
    }
}
