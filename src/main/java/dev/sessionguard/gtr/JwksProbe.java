package dev.sessionguard.gtr;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import java.io.IOException;
import java.net.URI;
import java.text.ParseException;
import java.util.List;

/**
 * For {@code doctor}: can the IdP's JWKS be fetched, the way the verifier fetches it ({@link JwksFetch}: a redirect is
 * a failure), and does it hold a key that can check RS256 or ES256?
 */
public final class JwksProbe {

    /** @param found what was found, in words; a failure's words never quote the fetched document */
    public record Result(boolean ok, String found) {
    }

    private JwksProbe() {
    }

    public static Result probe(String jwksUrl) {
        JWKSet set;
        try {
            set = JwksFetch.load(URI.create(jwksUrl).toURL());
        } catch (ParseException e) {
            return new Result(false, jwksUrl + " did not answer with a JWK set");
        } catch (IOException e) {
            return new Result(false, jwksUrl + " could not be fetched (" + JwksFetch.describe(e) + ")");
        } catch (IllegalArgumentException e) {
            return new Result(false, jwksUrl + " could not be fetched (" + e.getClass().getSimpleName() + ")");
        }
        List<JWK> usable = set.getKeys().stream().filter(JwksProbe::canVerify).toList();
        if (usable.isEmpty()) {
            int n = set.getKeys().size();
            return new Result(false, jwksUrl + " holds " + n + (n == 1 ? " key" : " keys") + " and none is an RSA or EC P-256 signing key (RS256, ES256)");
        }
        return new Result(true, jwksUrl + " holds " + usable.size() + " signing key"
                + (usable.size() == 1 ? "" : "s") + " for RS256 or ES256");
    }

    private static boolean canVerify(JWK key) {
        if (key.getKeyUse() != null && key.getKeyUse() != KeyUse.SIGNATURE) {
            return false;
        }
        return key instanceof RSAKey || key instanceof ECKey ec && Curve.P_256.equals(ec.getCurve());
    }
}
