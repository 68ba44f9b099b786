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
 *   <tr><td>IPv6</td><td>{@code 2001:db8::5}</td><td>{@code ip6-N.M}</td></tr>
 *   <tr><td>user word or pattern</td><td>{@code projectx}</td><td>{@code word-N}</td></tr>
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
 * <p><b>IPv6:</b> N numbers the /64 network and M the address within it, so addresses of one
 * /64 visibly share a prefix ({@code ip6-1.1}, {@code ip6-1.2}); the interface identifier itself
 * (often made from the MAC) is not kept. {@code ip6-N} maps to the /64 in the mapping.
 *
 * <p>A mapping written by {@link #mapping()} can be read back ({@link #load}), so that bundles of
 * several nodes share tokens: a value seen before keeps its token, new values get new numbers.
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
    private final Category words = new Category("word-", "");
    /** /64 prefix (hex of the first 8 bytes) → its number; per prefix, the addresses numbered from 1. */
    private final ConcurrentHashMap<Long, Integer> ip6Networks = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Integer, AtomicInteger> ip6HostCounts = new ConcurrentHashMap<>();
    private final AtomicInteger ip6NetworkCount = new AtomicInteger();
    private final ConcurrentHashMap<Ip6, String> ip6Tokens = new ConcurrentHashMap<>();

    /**
     * An IPv6 address as two longs: the key of {@link #ip6Tokens}. Keyed by its text, every address
     * seen was formatted to a String and hashed as one, a measurable part of the redactor's time.
     */
    private record Ip6(long high, long low) {
        static Ip6 of(byte[] a) {
            long high = 0;
            long low = 0;
            for (int i = 0; i < 8; i++) {
                high = high << 8 | a[i] & 0xff;
                low = low << 8 | a[8 + i] & 0xff;
            }
            return new Ip6(high, low);
        }
    }
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
        Ip6 key = Ip6.of(address);
        String token = ip6Tokens.get(key);
        if (token != null) {
            return token;
        }
        return ip6Tokens.computeIfAbsent(key, a -> {
            long pfx = a.high();
            int network = ip6Networks.computeIfAbsent(pfx, p -> {
                int n = ip6NetworkCount.incrementAndGet();
                byte[] net = java.util.Arrays.copyOf(address, 16);
                java.util.Arrays.fill(net, 8, 16, (byte) 0);
                originals.put("ip6-" + n, Addresses.formatIpv6(net) + "/64");
                return n;
            });
            int host = ip6HostCounts.computeIfAbsent(network, n -> new AtomicInteger()).incrementAndGet();
            String t = "ip6-" + network + "." + host;
            originals.put(t, Addresses.formatIpv6(address));
            return t;
        });
    }

    /** The token of a word from the user's rules (a literal word or a pattern's match): {@code word-N}. */
    public String word(String word) {
        return words.token(word.toLowerCase(Locale.ROOT));
    }

    /**
     * Reads back a mapping written from {@link #mapping()} (token → original): every value keeps its
     * token, and new values continue the numbering. Entries that are not tokens of this table are
     * ignored.
     */
    public static TokenMap load(Map<String, String> mapping) {
        TokenMap t = new TokenMap();
        java.util.regex.Pattern tokenForm = java.util.regex.Pattern.compile(
                "(host|domain|user|word|mac)-(\\d+)(\\.example)?|ip4-(\\d+)(?:\\.(\\d+))?|ip6-(\\d+)(?:\\.(\\d+))?");
        for (Map.Entry<String, String> e : mapping.entrySet()) {
            java.util.regex.Matcher m = tokenForm.matcher(e.getKey());
            String original = e.getValue();
            if (!m.matches() || original == null) {
                continue;
            }
            if (m.group(1) != null) {
                Category c = switch (m.group(1)) {
                    case "host" -> t.hosts;
                    case "domain" -> t.domains;
                    case "user" -> t.users;
                    case "word" -> t.words;
                    default -> t.macs;
                };
                c.restore(original, e.getKey(), Integer.parseInt(m.group(2)));
            } else if (m.group(4) != null) {
                int n = Integer.parseInt(m.group(4));
                if (m.group(5) == null) {
                    String net = original.endsWith("/24") ? original.substring(0, original.length() - 3) : original;
                    long a = Addresses.parseIpv4(net);
                    if (a >= 0) {
                        t.ip4Networks.put((int) (a >>> 8), n);
                        t.ip4NetworkCount.accumulateAndGet(n, Math::max);
                        t.originals.put(e.getKey(), original);
                    }
                } else {
                    long a = Addresses.parseIpv4(original);
                    if (a >= 0) {
                        t.ip4Networks.putIfAbsent((int) (a >>> 8), n);
                        t.ip4NetworkCount.accumulateAndGet(n, Math::max);
                        t.ip4Tokens.put((int) a, e.getKey());
                        t.originals.put(e.getKey(), original);
                    }
                }
            } else {
                int n = Integer.parseInt(m.group(6));
                String text = m.group(7) == null && original.endsWith("/64") ? original.substring(0, original.length() - 3)
                        : original;
                byte[] a = Addresses.parseIpv6(text);
                if (a == null) {
                    continue;
                }
                long prefix = 0;
                for (int i = 0; i < 8; i++) {
                    prefix = prefix << 8 | a[i] & 0xff;
                }
                t.ip6Networks.putIfAbsent(prefix, n);
                t.ip6NetworkCount.accumulateAndGet(n, Math::max);
                if (m.group(7) != null) {
                    int h = Integer.parseInt(m.group(7));
                    t.ip6HostCounts.computeIfAbsent(n, k -> new AtomicInteger()).accumulateAndGet(h, Math::max);
                    t.ip6Tokens.put(Ip6.of(a), e.getKey());
                }
                t.originals.put(e.getKey(), original);
            }
        }
        return t;
    }

    /**
     * Reads a mapping file ({@code <bundle>.map.json}: a JSON object token → original).
     *
     * @throws IllegalArgumentException when the file is missing or not such a mapping
     */
    public static TokenMap read(java.nio.file.Path file) {
        Map<String, String> m;
        try {
            m = new com.fasterxml.jackson.databind.ObjectMapper().readValue(file.toFile(),
                    new com.fasterxml.jackson.core.type.TypeReference<java.util.LinkedHashMap<String, String>>() { });
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("cannot read the redaction map " + file + ": " + e.getMessage(), e);
        }
        if (m == null) {
            throw new IllegalArgumentException("the redaction map " + file + " is empty");
        }
        return load(m);
    }

    /** Writes {@link #mapping()} as JSON to {@code file}, created 0600 (replaced when it exists). */
    public void write(java.nio.file.Path file) throws java.io.IOException {
        String json = new com.fasterxml.jackson.databind.ObjectMapper()
                .enable(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT)
                .writeValueAsString(mapping()) + "\n";
        java.nio.file.Files.deleteIfExists(file);
        java.nio.file.Files.createFile(file, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
        java.nio.file.Files.writeString(file, json);
    }

    /** The host names, domains and user names of this table: what a reused map must keep hiding. */
    public RedactionFacts names() {
        return new RedactionFacts(new java.util.TreeSet<>(hosts.tokens.keySet()), new java.util.TreeSet<>(domains.tokens.keySet()),
                new java.util.TreeSet<>(users.tokens.keySet()));
    }

    /** The words of this table (user words and tokenised pattern matches). */
    public java.util.Set<String> words() {
        return new java.util.TreeSet<>(words.tokens.keySet());
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

        void restore(String original, String token, int number) {
            tokens.put(original.toLowerCase(Locale.ROOT), token);
            count.accumulateAndGet(number, Math::max);
            originals.put(token, original.toLowerCase(Locale.ROOT));
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
                // compare the digit runs as numbers, without leading zeros (no regex: this runs n log n times)
                while (si < i - 1 && a.charAt(si) == '0') {
                    si++;
                }
                while (sj < j - 1 && b.charAt(sj) == '0') {
                    sj++;
                }
                int la = i - si;
                int lb = j - sj;
                if (la != lb) {
                    return Integer.compare(la, lb);
                }
                for (int k = 0; k < la; k++) {
                    int c = Character.compare(a.charAt(si + k), b.charAt(sj + k));
                    if (c != 0) {
                        return c;
                    }
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
