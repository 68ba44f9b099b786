package io.jsos.agent.serve;

import at.favre.lib.crypto.bcrypt.BCrypt;
import at.favre.lib.crypto.bcrypt.LongPasswordStrategies;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * HTTP basic authentication against bcrypt hashes, as node_exporter's web config does.
 *
 * <p>bcrypt is slow on purpose (~50-100 ms at cost 10), and Prometheus sends the same credentials
 * on every scrape, so a successful check is remembered (keyed by a SHA-256 of user, password and
 * hash; never the password itself) for the next scrapes. Failed checks are never cached: a
 * guesser pays bcrypt's price every time. An unknown user is checked against a dummy hash, so the
 * time taken does not tell which users exist.
 */
final class BasicAuth {

    private static final Pattern BCRYPT = Pattern.compile("\\$2[aby]\\$\\d\\d\\$[./A-Za-z0-9]{53}");
    private static final int CACHE_SIZE = 64;
    /** A valid hash of a random password, for unknown users. */
    private static final String DUMMY = "$2y$10$eAUg/oWUQkiouS9CKWt8cu9PA5nV8OTS4pBexmxszf3wlLHAQvL3K";

    private final Map<String, String> users;
    private final BCrypt.Verifyer verifyer =
            BCrypt.verifyer(BCrypt.Version.VERSION_2A, LongPasswordStrategies.truncate(BCrypt.Version.VERSION_2A));
    private final Map<String, Boolean> ok = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > CACHE_SIZE;
        }
    };

    BasicAuth(Map<String, String> users) {
        this.users = Map.copyOf(users);
    }

    static boolean looksLikeBcrypt(String hash) {
        return hash != null && BCRYPT.matcher(hash).matches();
    }

    /** Whether an {@code Authorization} header carries the right user and password. */
    boolean allows(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return false;
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return false;
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            return false;
        }
        return check(decoded.substring(0, colon), decoded.substring(colon + 1));
    }

    boolean check(String user, String password) {
        String hash = users.get(user);
        if (hash == null) {
            verify(password, DUMMY);
            return false;
        }
        String key = cacheKey(user, password, hash);
        synchronized (ok) {
            if (ok.containsKey(key)) {
                return true;
            }
        }
        boolean good = verify(password, hash);
        if (good) {
            synchronized (ok) {
                ok.put(key, Boolean.TRUE);
            }
        }
        return good;
    }

    private boolean verify(String password, String hash) {
        try {
            return verifyer.verify(password.getBytes(StandardCharsets.UTF_8), hash.getBytes(StandardCharsets.UTF_8)).verified;
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static String cacheKey(String user, String password, String hash) {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            for (String s : new String[]{user, password, hash}) {
                d.update(s.getBytes(StandardCharsets.UTF_8));
                d.update((byte) 0);
            }
            return Base64.getEncoder().encodeToString(d.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
