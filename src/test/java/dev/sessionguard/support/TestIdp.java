package dev.sessionguard.support;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import dev.sessionguard.config.GtrSettings;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

/**
 * A stand-in identity provider on loopback: serves its JWKS (an RSA and an EC P-256 key) at {@link #JWKS_PATH} from a
 * JDK HTTP server, and mints the tokens a Universal Logout request carries, signed with those keys by Nimbus.
 * {@link #rotate} swaps the RSA key for a new one with a new key id, as an IdP rotating its keys does; {@link #fail},
 * {@link #redirectTo} and {@link #holdFetches} make the JWKS endpoint misbehave, and {@link #fetches} counts requests.
 */
public final class TestIdp implements AutoCloseable {

    public static final String JWKS_PATH = "/oauth2/v1/keys";
    public static final String AUDIENCE = "https://session-guard.test";

    private final HttpServer server;
    private final String issuer;
    private volatile RSAKey rsa;
    private final ECKey ec;
    private volatile String jwks;
    private final AtomicInteger fetches = new AtomicInteger();
    /** 0: serve the JWKS; otherwise answer this status (with a Location for a 3xx). */
    private volatile int failWith;
    private volatile String location;
    private volatile CountDownLatch held;

    private TestIdp(HttpServer server) throws JOSEException {
        this.server = server;
        this.issuer = "http://127.0.0.1:" + server.getAddress().getPort();
        this.rsa = nextRsa("rsa-1");
        this.ec = new ECKeyGenerator(Curve.P_256).keyID("ec-1").keyUse(KeyUse.SIGNATURE).generate();
        publish(List.of(rsa, ec));
    }

    /**
     * A 2048-bit RSA key takes seconds to make on a busy machine, and far longer under the mutation run's quick
     * compiler: the keys are made once per JVM and handed out in turn, so the few IdPs (and rotations) alive at one
     * time never share a key, while a whole run makes at most {@link #KEY_RING} of them.
     */
    private static final int KEY_RING = 8;
    private static final List<RSAKey> RING = new ArrayList<>();
    private static int handedOut;
    private static RSAKey stranger;

    private static synchronized RSAKey nextRsa(String keyId) {
        int i = handedOut++ % KEY_RING;
        if (i == RING.size()) {
            RING.add(newRsa());
        }
        return new RSAKey.Builder(RING.get(i)).keyID(keyId).keyUse(KeyUse.SIGNATURE).build();
    }

    /** A key no {@code TestIdp} ever serves. */
    private static synchronized RSAKey stranger(String keyId) {
        if (stranger == null) {
            stranger = newRsa();
        }
        return new RSAKey.Builder(stranger).keyID(keyId).build();
    }

    private static RSAKey newRsa() {
        try {
            return new RSAKeyGenerator(2048).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    public static TestIdp start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            TestIdp idp = new TestIdp(server);
            server.createContext(JWKS_PATH, exchange -> {
                idp.fetches.incrementAndGet();
                CountDownLatch hold = idp.held;
                if (hold != null) {
                    try {
                        hold.await(10, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                int status = idp.failWith;
                if (status != 0) {
                    if (idp.location != null) {
                        exchange.getResponseHeaders().add("Location", idp.location);
                    }
                    exchange.sendResponseHeaders(status, -1);
                    exchange.close();
                    return;
                }
                byte[] body = idp.jwks.getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            });
            server.start();
            return idp;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The issuer: this server's base URL, so the default JWKS URL ({@code <issuer>/oauth2/v1/keys}) is right. */
    public String issuer() {
        return issuer;
    }

    /** {@code env} with Universal Logout turned on for this IdP. */
    public Map<String, String> configure(Map<String, String> env) {
        env.put(GtrSettings.GTR_ISSUER, issuer);
        env.put(GtrSettings.GTR_AUDIENCE, AUDIENCE);
        return env;
    }

    /** Where this IdP serves its JWKS. */
    public String jwksUrl() {
        return issuer + JWKS_PATH;
    }

    /** How many times the JWKS was fetched (asked for: a failed or held answer counts too). */
    public int fetches() {
        return fetches.get();
    }

    /** From now on the JWKS endpoint answers {@code status} with no body, until {@link #recover}. */
    public void fail(int status) {
        location = null;
        failWith = status;
    }

    /** From now on the JWKS endpoint answers 302 to {@code url}, until {@link #recover}. */
    public void redirectTo(String url) {
        location = url;
        failWith = 302;
    }

    /** Serves the JWKS again. */
    public void recover() {
        failWith = 0;
        location = null;
    }

    /**
     * Holds every JWKS request (counted as it comes in) until the returned latch is counted down, or for 10 s: for
     * tests about what happens while a fetch is under way. Requests are served one at a time.
     */
    public CountDownLatch holdFetches() {
        CountDownLatch latch = new CountDownLatch(1);
        held = latch;
        return latch;
    }

    /** Replaces the RSA key with a new one, {@code newKeyId}, and serves only it and the EC key. */
    public void rotate(String newKeyId) {
        rsa = nextRsa(newKeyId);
        publish(List.of(rsa, ec));
    }

    /** Serves exactly these keys (public halves). */
    public void publish(List<JWK> keys) {
        jwks = new JWKSet(new ArrayList<>(keys)).toString(true);
    }

    public RSAKey rsaKey() {
        return rsa;
    }

    /** Claims as Okta sends them: iss, aud, a fresh jti, iat now, exp in five minutes. */
    public JWTClaimsSet.Builder claims() {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder().issuer(issuer).audience(AUDIENCE).jwtID(UUID.randomUUID().toString())
                .issueTime(Date.from(now)).expirationTime(Date.from(now.plus(Duration.ofMinutes(5))));
    }

    /** A good token signed with the RSA key (RS256). */
    public String token() {
        return rs256(claims().build());
    }

    public String token(UnaryOperator<JWTClaimsSet.Builder> change) {
        return rs256(change.apply(claims()).build());
    }

    public String rs256(JWTClaimsSet claims) {
        try {
            return sign(new RSASSASigner(rsa), new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(rsa.getKeyID()).build(),
                    claims);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    public String es256(JWTClaimsSet claims) {
        try {
            return sign(new ECDSASigner(ec), new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(ec.getKeyID()).build(),
                    claims);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Signed with a key the JWKS does not hold, under {@code keyId}. */
    public static String signedByStranger(JWTClaimsSet claims, String keyId) {
        try {
            return sign(new RSASSASigner(stranger(keyId)), new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(keyId).build(),
                    claims);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code alg: none}: no signature at all. */
    public static String unsigned(JWTClaimsSet claims) {
        return new PlainJWT(claims).serialize();
    }

    /**
     * The classic confusion attack: HS256 with the RSA key's public bytes (as served in the JWKS) as the HMAC
     * secret, for a verifier that would take the key's bytes whatever the algorithm.
     */
    public String hs256WithPublicKey(JWTClaimsSet claims) {
        try {
            byte[] secret = rsa.toPublicJWK().toJSONString().getBytes(StandardCharsets.UTF_8);
            return sign(new MACSigner(secret), new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(rsa.getKeyID()).build(),
                    claims);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A token whose header says {@code alg} but whose signature is of another: raw parts, for odd headers. */
    public static String raw(String headerJson, JWTClaimsSet claims, String signature) {
        return Base64URL.encode(headerJson) + "." + Base64URL.encode(claims.toString()) + "." + signature;
    }

    private static String sign(JWSSigner signer, JWSHeader header, JWTClaimsSet claims) {
        try {
            SignedJWT jwt = new SignedJWT(header, claims);
            jwt.sign(signer);
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
