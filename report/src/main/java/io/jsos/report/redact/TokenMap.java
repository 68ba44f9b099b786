package io.jsos.report.redact;

import java.util.Collections;
import java.util.Comparator;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * The consistent value → token table of a redaction: the same original always gets the same token,
 * whichever file, collector or thread meets it first, so a redacted bundle stays readable
 * ({@code host-1 could not reach ip4-2.7}) without telling who the customer is.
 *
 * <p>Token forms (N counts from 1 per category, in order of first appearance):
 * <table>
 *   <caption>Token forms</caption>
 *   <tr><th>category</th><th>original</th><th>token</th></tr>
 *   <tr><td>host name</td><td>{@code web1}</td><td>{@code host-N}</td></tr>
 *   <tr><td>domain</td><td>{@code corp.acme.com}</td><td>{@code domain-N.example}</td></tr>
 *   <tr><td>host in a domain</td><td>{@code web1.corp.acme.com}</td>
 *       <td>{@code host-N.domain-M.example} (composed by the redactor)</td></tr>
 *   <tr><td>user</td><td>{@code alice}</td><td>{@code user-N}</td></tr>
 *   <tr><td>IPv4</td><td>{@code 10.1.2.5}</td><td>{@code ip4-N.5}</td></tr>
 *   <tr><td>IPv6</td><td>{@code 2001:db8::5}</td><td>{@code ip6-N}</td></tr>
 *   <tr><td>hardware address</td><td>{@code 52:54:00:12:34:56}</td><td>{@code mac-N}</td></tr>
 * </table>
 *
 * <p><b>IPv4:</b> N numbers the real /24 network and the last octet is kept, so {@code 10.1.2.5}
 * and {@code 10.1.2.9} become {@code ip4-1.5} and {@code ip4-1.9} (visibly the same subnet, the
 * gateway {@code .1} stays recognisable), while {@code 10.1.3.5} becomes {@code ip4-2.5}. The last
 * octet alone identifies nobody. A CIDR keeps its length: {@code 10.1.2.0/24} becomes
 * {@code ip4-1.0/24}. Relations between /24s (that 10.1.2.0/24 and 10.1.3.0/24 share a /16) are not
 * kept. Tokens are deliberately not valid addresses: they can never be confused with a real
 * address elsewhere in the bundle, and redacting a redacted bundle again leaves them alone.
 *
 * <p>Host, domain and user names are case-insensitive: keys are lower-cased and {@link #mapping()}
 * shows the lower-case original. IPv6 addresses are keyed by value ({@code FE80:0::1} and
 * {@code fe80::1} are one address) and hardware addresses by their lower-case colon form.
 *
 * <p>Secrets never come here: they are replaced by a fixed marker, not a token, so that the
 * mapping file, which is meant to be kept by the customer, is not a second copy of their
 * passwords.
 *
 * <p>Thread-safe.
 */
public final class TokenMap {

    private final Category hosts = new Category("host-", "");
    private final Category domains = new Category("domain-", ".example");
    private final Category users = new Category("user-", "");
    private final Category ip6 = new Category("ip6-", "");
    private final Category macs = new Category("mac-", "");
    /** /24 network (address >>> 8) → its number. */
    private final ConcurrentHashMap<Integer, Integer> ip4Networks = new ConcurrentHashMap<>();
    private final AtomicInteger ip4NetworkCount = new AtomicInteger();
    /** Full IPv4 address → token (a cache, so a busy address costs one lookup). */
    private final ConcurrentHashMap<Integer, String> ip4Tokens = new ConcurrentHashMap<>();
    /** Token → original, for {@link #mapping()}. */
    private final ConcurrentHashMap<String, String> originals = new ConcurrentHashMap<>();

    /** The token of a host name (short, or a host part such as {@code www} in front of a domain). */
    public String host(String name) {
        return hosts.token(name.toLowerCase(Locale.ROOT));
    }

    /** The token of a DNS domain, such as {@code domain-1.example}. */
    public String domain(String domain) {
        return domains.token(domain.toLowerCase(Locale.ROOT));
    }

    /** The token of a user name. */
    public String user(String name) {
        return users.token(name.toLowerCase(Locale.ROOT));
    }

    /**
     * The token of an IPv4 address in dotted-quad form: {@code ip4-<network>.<last octet>}.
     *
     * @throws IllegalArgumentException when {@code address} is not a dotted quad
     */
    public String ip4(String address) {
        long a = Addresses.parseIpv4(address);
        if (a < 0) {
            throw new IllegalArgumentException("not an IPv4 address: " + address);
        }
        return ip4((int) a);
    }

    String ip4(int address) {
        String token = ip4Tokens.get(address);
        if (token != null) {
            return token;
        }
        return ip4Tokens.computeIfAbsent(address, a -> {
            int network = ip4Networks.computeIfAbsent(a >>> 8, net -> {
                int n = ip4NetworkCount.incrementAndGet();
                originals.put("ip4-" + n, Addresses.formatIpv4((long) net << 8 & 0xffffffffL) + "/24");
                return n;
            });
            String t = "ip4-" + network + "." + (a & 0xff);
            originals.put(t, Addresses.formatIpv4(a & 0xffffffffL));
            return t;
        });
    }

    /**
     * The token of an IPv6 address (any valid text form, without zone).
     *
     * @throws IllegalArgumentException when {@code address} is not an IPv6 address
     */
    public String ip6(String address) {
        byte[] a = Addresses.parseIpv6(address);
        if (a == null) {
            throw new IllegalArgumentException("not an IPv6 address: " + address);
        }
        return ip6(a);
    }

    String ip6(byte[] address) {
        return ip6.token(Addresses.formatIpv6(address));
    }

    /** The token of a hardware address ({@code aa:bb:..} or {@code AA-BB-..}). */
    public String mac(String mac) {
        return macs.token(Addresses.normaliseMac(mac));
    }

    /**
     * Token → original for everything tokenised so far, sorted by token in natural order
     * ({@code host-2} before {@code host-10}). IPv4 networks appear too ({@code ip4-1 →
     * 10.1.2.0/24}). Never contains secrets. A snapshot: later tokens do not appear in it.
     */
    public Map<String, String> mapping() {
        SortedMap<String, String> sorted = new TreeMap<>(NATURAL_ORDER);
        sorted.putAll(originals);
        return Collections.unmodifiableSortedMap(sorted);
    }

    /** One category of tokens: a prefix, a counter and the original → token table. */
    private final class Category {
        private final String prefix;
        private final String suffix;
        private final AtomicInteger count = new AtomicInteger();
        private final ConcurrentHashMap<String, String> tokens = new ConcurrentHashMap<>();
        private final Function<String, String> create;

        Category(String prefix, String suffix) {
            this.prefix = prefix;
            this.suffix = suffix;
            // computeIfAbsent runs this at most once per key, so numbers are never skipped or shared.
            this.create = original -> {
                String t = this.prefix + count.incrementAndGet() + this.suffix;
                originals.put(t, original);
                return t;
            };
        }

        String token(String key) {
            String t = tokens.get(key); // lock-free for values seen before, the common case
            return t != null ? t : tokens.computeIfAbsent(key, create);
        }
    }

    /** Orders strings with digit runs compared as numbers: host-2 < host-10, ip4-1.9 < ip4-1.10. */
    static final Comparator<String> NATURAL_ORDER = (a, b) -> {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            char ca = a.charAt(i);
            char cb = b.charAt(j);
            if (Character.isDigit(ca) && Character.isDigit(cb)) {
                int si = i;
                int sj = j;
                while (i < a.length() && Character.isDigit(a.charAt(i))) {
                    i++;
                }
                while (j < b.length() && Character.isDigit(b.charAt(j))) {
                    j++;
                }
                String na = a.substring(si, i).replaceFirst("^0+(?=.)", "");
                String nb = b.substring(sj, j).replaceFirst("^0+(?=.)", "");
                int c = na.length() != nb.length() ? Integer.compare(na.length(), nb.length()) : na.compareTo(nb);
                if (c != 0) {
                    return c;
                }
            } else {
                if (ca != cb) {
                    return Character.compare(ca, cb);
                }
                i++;
                j++;
            }
        }
        int c = Integer.compare(a.length() - i, b.length() - j);
        return c != 0 ? c : a.compareTo(b);
    };
}
