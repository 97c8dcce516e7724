package io.ferstream.registry;

import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * TLS settings for talking to the registry over https, passed through from Confluent's {@code
 * schema.registry.ssl.*} properties. Any part may be null: no truststore means the JVM's default
 * trust, no keystore means no client certificate. Passwords print as {@code [hidden]}.
 */
public record TlsSettings(
        String truststoreLocation,
        String truststorePassword,
        String truststoreType,
        String keystoreLocation,
        String keystorePassword,
        String keystoreType,
        String keyPassword)
        implements Serializable {

    public TlsSettings {
        if (truststoreLocation != null && !Files.isReadable(Path.of(truststoreLocation))) {
            throw new IllegalArgumentException(
                    "schema.registry.ssl.truststore.location: cannot read " + truststoreLocation);
        }
        if (keystoreLocation != null && !Files.isReadable(Path.of(keystoreLocation))) {
            throw new IllegalArgumentException(
                    "schema.registry.ssl.keystore.location: cannot read " + keystoreLocation);
        }
        truststoreType = truststoreType == null ? KeyStore.getDefaultType() : truststoreType;
        keystoreType = keystoreType == null ? KeyStore.getDefaultType() : keystoreType;
    }

    /** True when nothing is configured: the JVM's default SSL context applies. */
    public boolean isEmpty() {
        return truststoreLocation == null && keystoreLocation == null;
    }

    /** Builds the SSL context: keystore for a client certificate, truststore for the registry's. */
    public SSLContext sslContext() {
        try {
            TrustManagerFactory trust = null;
            if (truststoreLocation != null) {
                trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                trust.init(load(truststoreLocation, truststorePassword, truststoreType));
            }
            KeyManagerFactory keys = null;
            if (keystoreLocation != null) {
                keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                String keyPass = keyPassword != null ? keyPassword : keystorePassword;
                keys.init(
                        load(keystoreLocation, keystorePassword, keystoreType),
                        keyPass == null ? new char[0] : keyPass.toCharArray());
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(
                    keys == null ? null : keys.getKeyManagers(),
                    trust == null ? null : trust.getTrustManagers(),
                    null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalArgumentException(
                    "Cannot build the TLS context for the schema registry from "
                            + this
                            + ": "
                            + e.getMessage(),
                    e);
        }
    }

    private static KeyStore load(String location, String password, String type)
            throws GeneralSecurityException, IOException {
        KeyStore store = KeyStore.getInstance(type);
        try (InputStream in = Files.newInputStream(Path.of(location))) {
            store.load(in, password == null ? null : password.toCharArray());
        }
        return store;
    }

    @Override
    public String toString() {
        return "TlsSettings[truststore="
                + truststoreLocation
                + " ("
                + truststoreType
                + ", password "
                + hidden(truststorePassword)
                + "), keystore="
                + keystoreLocation
                + " ("
                + keystoreType
                + ", password "
                + hidden(keystorePassword)
                + ", key password "
                + hidden(keyPassword)
                + ")]";
    }

    private static String hidden(String secret) {
        return secret == null ? "none" : "[hidden]";
    }
}
