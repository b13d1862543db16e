package marketgate.workers.bluedot.drive;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.WebClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Clock;
import java.util.Base64;

/**
 * How requests to Drive authenticate: an API key ({@code key=} query parameter, enough for
 * public folders) or a service account, whose key file signs a JWT (RS256, with the JDK's
 * crypto: no Google library) that the OAuth endpoint exchanges for an access token, cached
 * until a minute before it expires.
 */
public abstract class DriveCredentials {
  static final String SCOPE = "https://www.googleapis.com/auth/drive.readonly";

  /** Adds what the request needs, possibly after fetching a token. */
  public abstract Future<HttpRequest<io.vertx.core.buffer.Buffer>> authorize(HttpRequest<io.vertx.core.buffer.Buffer> request);

  /** The service account key file when configured, else {@code GOOGLE_API_KEY}; fails when neither is set. */
  public static DriveCredentials fromConfig(WebClient client, marketgate.shared.config.MarketgateConfig config, Clock clock)
      throws Exception {
    Path keyFile = config.bluedot().credentialsFile();
    if (keyFile != null) {
      return serviceAccount(client, keyFile, config.bluedot().oauthTokenUrl(), clock);
    }
    java.util.Optional<String> apiKey = config.secrets().get(marketgate.shared.config.Secrets.GOOGLE_API_KEY);
    if (apiKey.isPresent()) {
      return apiKey(apiKey.get());
    }
    throw new IllegalStateException("BlueDot Drive sync needs bluedot.credentialsFile or GOOGLE_API_KEY");
  }

  public static DriveCredentials apiKey(String key) {
    return new DriveCredentials() {
      @Override
      public Future<HttpRequest<io.vertx.core.buffer.Buffer>> authorize(HttpRequest<io.vertx.core.buffer.Buffer> request) {
        return Future.succeededFuture(request.addQueryParam("key", key));
      }
    };
  }

  public static DriveCredentials serviceAccount(WebClient client, Path keyFile, String tokenUrl, Clock clock)
      throws java.io.IOException, GeneralSecurityException {
    JsonObject key = new JsonObject(Files.readString(keyFile));
    String email = key.getString("client_email");
    String pem = key.getString("private_key");
    if (email == null || pem == null) {
      throw new GeneralSecurityException(keyFile + " has no client_email/private_key: not a service-account key");
    }
    return new ServiceAccount(client, email, privateKey(pem), tokenUrl, clock);
  }

  static PrivateKey privateKey(String pem) throws GeneralSecurityException {
    String base64 = pem.replace("-----BEGIN PRIVATE KEY-----", "").replace("-----END PRIVATE KEY-----", "")
        .replaceAll("\\s", "");
    return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
  }

  /** {@code header.claims.signature}, each base64url without padding (RFC 7519, RFC 7515). */
  static String signedJwt(String email, String audience, long nowSeconds, PrivateKey key) throws GeneralSecurityException {
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    String header = b64.encodeToString("{\"alg\":\"RS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
    String claims = b64.encodeToString(new JsonObject().put("iss", email).put("scope", SCOPE)
        .put("aud", audience).put("iat", nowSeconds).put("exp", nowSeconds + 3600).encode()
        .getBytes(StandardCharsets.UTF_8));
    Signature rsa = Signature.getInstance("SHA256withRSA");
    rsa.initSign(key);
    rsa.update((header + "." + claims).getBytes(StandardCharsets.US_ASCII));
    return header + "." + claims + "." + b64.encodeToString(rsa.sign());
  }

  private static final class ServiceAccount extends DriveCredentials {
    private final WebClient client;
    private final String email;
    private final PrivateKey key;
    private final String tokenUrl;
    private final Clock clock;
    private String token;
    private long validUntilMillis;
    private Future<String> pending;

    ServiceAccount(WebClient client, String email, PrivateKey key, String tokenUrl, Clock clock) {
      this.client = client;
      this.email = email;
      this.key = key;
      this.tokenUrl = tokenUrl;
      this.clock = clock;
    }

    @Override
    public synchronized Future<HttpRequest<io.vertx.core.buffer.Buffer>> authorize(HttpRequest<io.vertx.core.buffer.Buffer> request) {
      return accessToken().map(t -> request.putHeader("Authorization", "Bearer " + t));
    }

    private synchronized Future<String> accessToken() {
      if (token != null && clock.millis() < validUntilMillis) {
        return Future.succeededFuture(token);
      }
      if (pending != null) {
        return pending; // one exchange at a time, however many downloads wait for it
      }
      String jwt;
      try {
        jwt = signedJwt(email, tokenUrl, clock.millis() / 1000, key);
      } catch (GeneralSecurityException e) {
        return Future.failedFuture(e);
      }
      MultiMap form = MultiMap.caseInsensitiveMultiMap()
          .add("grant_type", "urn:ietf:params:oauth:grant-type:jwt-bearer").add("assertion", jwt);
      pending = client.postAbs(tokenUrl).timeout(10_000).sendForm(form).compose(r -> {
        JsonObject body = r.statusCode() == 200 ? r.bodyAsJsonObject() : null;
        if (body == null || body.getString("access_token") == null) {
          return Future.failedFuture("OAuth token endpoint answered " + r.statusCode());
        }
        synchronized (this) {
          token = body.getString("access_token");
          validUntilMillis = clock.millis() + (body.getLong("expires_in", 3600L) - 60) * 1000;
          return Future.succeededFuture(token);
        }
      });
      pending.onComplete(r -> {
        synchronized (this) {
          pending = null;
        }
      });
      return pending;
    }
  }
}
