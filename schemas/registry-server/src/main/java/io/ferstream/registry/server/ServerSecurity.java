package io.ferstream.registry.server;

import com.sun.net.httpserver.Authenticator;
import com.sun.net.httpserver.BasicAuthenticator;
import io.ferstream.config.Secrets;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.util.Map;
import java.util.TreeMap;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * How the registry server guards itself: TLS (https) from a key store, and HTTP basic auth against
 * a fixed set of users. Either may be off. Passwords are compared in constant time and never
 * printed.
 *
 * @param tls the server's TLS context, or null for plain http
 * @param users user name to password; empty: no authentication
 */
public record ServerSecurity(SSLContext tls, Map<String, String> users) {

    /** The realm browsers and clients see in a 401 answer. */
    public static final String REALM = "ferstream-registry";

    public ServerSecurity {
        users = Map.copyOf(users);
    }

    /** Plain http, no authentication: development on one machine. */
    public static ServerSecurity none() {
        return new ServerSecurity(null, Map.of());
    }

    /** https with the key and certificate in {@code keystore}, and the given users. */
    public static ServerSecurity of(
            Path keystore, String type, String password, Map<String, String> users) {
        return new ServerSecurity(tlsContext(keystore, type, password), users);
    }

    /** A TLS context serving the key in {@code keystore} (whose key has the store's password). */
    public static SSLContext tlsContext(Path keystore, String type, String password) {
        try (InputStream in = Files.newInputStream(keystore)) {
            KeyStore store = KeyStore.getInstance(type == null ? KeyStore.getDefaultType() : type);
            store.load(in, password.toCharArray());
            KeyManagerFactory keys =
                    KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(store, password.toCharArray());
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), null, null);
            return context;
        } catch (IOException | GeneralSecurityException e) {
            // The message names the file and the problem, never the password.
            throw new IllegalArgumentException(
                    "cannot use the key store " + keystore + ": " + e.getMessage(), e);
        }
    }

    public boolean https() {
        return tls != null;
    }

    /** The authenticator of every request, or null when no users are set. */
    Authenticator authenticator() {
        if (users.isEmpty()) {
            return null;
        }
        return new BasicAuthenticator(REALM, StandardCharsets.UTF_8) {
            @Override
            public boolean checkCredentials(String user, String password) {
                String expected = users.get(user);
                // Always compare, so that a wrong user and a wrong password take the same time.
                byte[] wanted = (expected == null ? "" : expected).getBytes(StandardCharsets.UTF_8);
                boolean same =
                        MessageDigest.isEqual(wanted, password.getBytes(StandardCharsets.UTF_8));
                return expected != null && same;
            }
        };
    }

    @Override
    public String toString() {
        Map<String, String> shown = new TreeMap<>();
        users.keySet().forEach(user -> shown.put(user, Secrets.HIDDEN));
        return "ServerSecurity[" + (https() ? "https" : "http") + ", users=" + shown + "]";
    }
}
