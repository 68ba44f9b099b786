package io.jsos.report.redact;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
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
    /** The IPv6 addresses met (their /64's number and their own), compact: see {@link Ip6Table}. */
    private final Ip6Table ip6Met = new Ip6Table();
    /** More /64s than a table numbers (a read-back token beyond this is not one of its tokens). */
    private static final int MAX_IP6_NETWORKS = 1 << 24;
    /** Tokens of IPv6 addresses read back by {@link #load}, kept as they were written. */
    private final ConcurrentHashMap<Ip6, String> ip6Restored = new ConcurrentHashMap<>();

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
    /**
     * The IPv4 addresses met, for {@link #mapping()}: an address's token follows from its /24's
     * number and its last octet, so neither the token nor the address's text is kept per address
     * (with a million addresses, those strings and their map entries were most of the heap).
     */
    private final IntSet ip4Met = new IntSet();
    /** Tokens of IPv4 addresses read back by {@link #load}, kept as they were written. */
    private final ConcurrentHashMap<Integer, String> ip4Restored = new ConcurrentHashMap<>();
    /** Token → original, for {@link #mapping()}: names, networks, and addresses read back; not addresses met. */
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
        if (!ip4Restored.isEmpty()) {
            String token = ip4Restored.get(address);
            if (token != null) {
                return token;
            }
        }
        int net = address >>> 8;
        Integer network = ip4Networks.get(net);
        if (network == null) {
            network = ip4Networks.computeIfAbsent(net, n -> {
                int number = ip4NetworkCount.incrementAndGet();
                originals.put("ip4-" + number, Addresses.formatIpv4((long) n << 8 & 0xffffffffL) + "/24");
                return number;
            });
        }
        ip4Met.add(address);
        return "ip4-" + network + "." + (address & 0xff);
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
        Ip6 a = Ip6.of(address);
        return ip6(a.high(), a.low());
    }

    /** {@link #ip6(byte[])} of the address whose first and last 64 bits are {@code high} and {@code low}. */
    String ip6(long high, long low) {
        if (!ip6Restored.isEmpty()) {
            String token = ip6Restored.get(new Ip6(high, low));
            if (token != null) {
                return token;
            }
        }
        long numbers = ip6Met.numbers(high, low);
        return "ip6-" + (int) (numbers >>> 32) + "." + (int) numbers;
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
                        t.ip4Restored.put((int) a, e.getKey());
                        t.originals.put(e.getKey(), original);
                    }
                }
            } else {
                int n = Integer.parseInt(m.group(6));
                if (n > MAX_IP6_NETWORKS) {
                    continue; // not written by this table: its /64s are numbered densely from 1
                }
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
                t.ip6Met.restoreNetwork(prefix, n);
                if (m.group(7) != null) {
                    int h = Integer.parseInt(m.group(7));
                    t.ip6Met.restoreHost(n, h);
                    t.ip6Restored.put(Ip6.of(a), e.getKey());
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
        List<Map.Entry<String, String>> entries = new ArrayList<>(originals.entrySet());
        entries.sort(Map.Entry.comparingByKey(NATURAL_ORDER));
        // The addresses met, each category already in token order (by numbers, not by comparing
        // strings): one sort of the concatenation then only merges three runs, and the TreeMap is
        // built from the sorted list without a comparison per entry.
        int[] ip4 = ip4Met.toArray();
        long[] byToken = new long[ip4.length];
        for (int i = 0; i < ip4.length; i++) {
            byToken[i] = (long) ip4Networks.get(ip4[i] >>> 8) << 32 | ip4[i] & 0xffffffffL;
        }
        java.util.Arrays.sort(byToken);
        for (long k : byToken) {
            long a = k & 0xffffffffL;
            entries.add(Map.entry("ip4-" + (k >>> 32) + "." + (a & 0xff), Addresses.formatIpv4(a)));
        }
        ip6Met.addEntries(entries);
        entries.sort(Map.Entry.comparingByKey(NATURAL_ORDER)); // stable: an address met after one read back comes last
        // A token both read back and met (only a hand-edited map can do that): the address met wins, as it always did.
        List<Map.Entry<String, String>> unique = new ArrayList<>(entries.size());
        for (int i = 0; i < entries.size(); i++) {
            if (i + 1 < entries.size() && entries.get(i + 1).getKey().equals(entries.get(i).getKey())) {
                continue;
            }
            unique.add(entries.get(i));
        }
        return Collections.unmodifiableSortedMap(new TreeMap<>(new SortedList(unique)));
    }

    /**
     * Entries already sorted by {@link #NATURAL_ORDER}, seen as a {@link SortedMap} only so that
     * {@code new TreeMap<>(this)} builds its tree in one pass (TreeMap.buildFromSorted) instead of
     * comparing keys to insert each one. Nothing else is supported.
     */
    private static final class SortedList extends java.util.AbstractMap<String, String> implements SortedMap<String, String> {
        private final List<Map.Entry<String, String>> sorted;

        SortedList(List<Map.Entry<String, String>> sorted) {
            this.sorted = sorted;
        }

        @Override
        public Comparator<? super String> comparator() {
            return NATURAL_ORDER;
        }

        @Override
        public java.util.Set<Map.Entry<String, String>> entrySet() {
            return new java.util.AbstractSet<>() {
                @Override
                public java.util.Iterator<Map.Entry<String, String>> iterator() {
                    return sorted.iterator();
                }

                @Override
                public int size() {
                    return sorted.size();
                }
            };
        }

        @Override
        public SortedMap<String, String> subMap(String from, String to) {
            throw new UnsupportedOperationException();
        }

        @Override
        public SortedMap<String, String> headMap(String to) {
            throw new UnsupportedOperationException();
        }

        @Override
        public SortedMap<String, String> tailMap(String from) {
            throw new UnsupportedOperationException();
        }

        @Override
        public String firstKey() {
            throw new UnsupportedOperationException();
        }

        @Override
        public String lastKey() {
            throw new UnsupportedOperationException();
        }
    }

    /** A set of ints (open addressing, no boxing); thread-safe through its monitor. */
    static final class IntSet {
        private int[] keys = new int[64];
        private boolean hasZero;
        private int size;

        synchronized void add(int k) {
            if (k == 0) {
                hasZero = true;
                return;
            }
            int mask = keys.length - 1;
            for (int i = mix(k) & mask;; i = i + 1 & mask) {
                if (keys[i] == k) {
                    return;
                }
                if (keys[i] == 0) {
                    keys[i] = k;
                    if (++size * 2 > keys.length) {
                        grow();
                    }
                    return;
                }
            }
        }

        synchronized int[] toArray() {
            int[] out = new int[size + (hasZero ? 1 : 0)];
            int n = 0;
            if (hasZero) {
                out[n++] = 0;
            }
            for (int k : keys) {
                if (k != 0) {
                    out[n++] = k;
                }
            }
            return out;
        }

        private void grow() {
            int[] old = keys;
            keys = new int[old.length * 2];
            int mask = keys.length - 1;
            for (int k : old) {
                if (k != 0) {
                    int i = mix(k) & mask;
                    while (keys[i] != 0) {
                        i = i + 1 & mask;
                    }
                    keys[i] = k;
                }
            }
        }

        private static int mix(int k) {
            int h = k * 0x9E3779B1;
            return h ^ h >>> 16;
        }
    }

    /**
     * IPv6 address (two longs) → its numbers ({@code network << 32 | host}, never 0), open
     * addressing in flat arrays: 24 bytes a slot instead of a map entry, a key object and two
     * strings per address; and the /64s the same way (prefix → number, hosts numbered so far,
     * the prefixes numbered here for {@link TokenMap#mapping()}). Thread-safe through its monitor.
     */
    static final class Ip6Table {
        private long[] keys = new long[2 * 64];
        private long[] numbers = new long[64];
        private int size;
        private long[] netKeys = new long[64];
        private int[] netNumbers = new int[64];
        private int netSize;
        private int networkCount;
        /** By network number: hosts numbered so far; the prefix, for networks numbered here (not read back). */
        private int[] hostCount = new int[16];
        private long[] prefixOf = new long[16];
        private boolean[] numberedHere = new boolean[16];

        /** The numbers of an address, numbering it (and its /64) when it is new: never skipped or shared. */
        synchronized long numbers(long high, long low) {
            long n = get(high, low);
            if (n != 0) {
                return n;
            }
            int network = network(high);
            if (network == 0) {
                network = ++networkCount;
                setNetwork(high, network);
                ensure(network);
                prefixOf[network] = high;
                numberedHere[network] = true;
            }
            int host = ++hostCount[network];
            n = (long) network << 32 | host;
            put(high, low, n);
            return n;
        }

        /** A /64 read back by {@link TokenMap#load}: keeps its number (the first one read), new ones come after. */
        synchronized void restoreNetwork(long prefix, int number) {
            if (network(prefix) == 0) {
                setNetwork(prefix, number);
            }
            networkCount = Math.max(networkCount, number);
            ensure(number);
        }

        /** An address read back: new addresses of its /64 are numbered after it. */
        synchronized void restoreHost(int network, int host) {
            ensure(network);
            hostCount[network] = Math.max(hostCount[network], host);
        }

        private void ensure(int network) {
            if (network >= hostCount.length) {
                int length = Math.max(network + 1, hostCount.length * 2);
                hostCount = java.util.Arrays.copyOf(hostCount, length);
                prefixOf = java.util.Arrays.copyOf(prefixOf, length);
                numberedHere = java.util.Arrays.copyOf(numberedHere, length);
            }
        }

        private int network(long prefix) {
            int mask = netNumbers.length - 1;
            for (int i = mix(prefix, 0) & mask;; i = i + 1 & mask) {
                if (netNumbers[i] == 0) {
                    return 0;
                }
                if (netKeys[i] == prefix) {
                    return netNumbers[i];
                }
            }
        }

        private void setNetwork(long prefix, int number) {
            int mask = netNumbers.length - 1;
            int i = mix(prefix, 0) & mask;
            while (netNumbers[i] != 0) {
                i = i + 1 & mask;
            }
            netKeys[i] = prefix;
            netNumbers[i] = number;
            if (++netSize * 2 > netNumbers.length) {
                long[] oldKeys = netKeys;
                int[] oldNumbers = netNumbers;
                netKeys = new long[oldKeys.length * 2];
                netNumbers = new int[oldNumbers.length * 2];
                netSize = 0;
                for (int k = 0; k < oldNumbers.length; k++) {
                    if (oldNumbers[k] != 0) {
                        setNetwork(oldKeys[k], oldNumbers[k]);
                    }
                }
            }
        }

        long get(long high, long low) {
            int mask = numbers.length - 1;
            for (int i = mix(high, low) & mask;; i = i + 1 & mask) {
                if (numbers[i] == 0) {
                    return 0;
                }
                if (keys[2 * i] == high && keys[2 * i + 1] == low) {
                    return numbers[i];
                }
            }
        }

        void put(long high, long low, long n) {
            int mask = numbers.length - 1;
            int i = mix(high, low) & mask;
            while (numbers[i] != 0) {
                i = i + 1 & mask;
            }
            keys[2 * i] = high;
            keys[2 * i + 1] = low;
            numbers[i] = n;
            if (++size * 2 > numbers.length) {
                long[] oldKeys = keys;
                long[] oldNumbers = numbers;
                keys = new long[oldKeys.length * 2];
                numbers = new long[oldNumbers.length * 2];
                size = 0;
                for (int k = 0; k < oldNumbers.length; k++) {
                    if (oldNumbers[k] != 0) {
                        put(oldKeys[2 * k], oldKeys[2 * k + 1], oldNumbers[k]);
                    }
                }
            }
        }

        /**
         * Adds the entries of {@link TokenMap#mapping()} (token → address) in token order: the
         * /64s numbered here, then the addresses by network number and host number (numbers, not
         * strings, are sorted).
         */
        synchronized void addEntries(List<Map.Entry<String, String>> entries) {
            byte[] a = new byte[16];
            int networks = networkCount;
            for (int n = 1; n <= networks; n++) {
                if (numberedHere[n]) {
                    for (int i = 0; i < 8; i++) {
                        a[i] = (byte) (prefixOf[n] >>> 56 - 8 * i);
                    }
                    entries.add(Map.entry("ip6-" + n, Addresses.formatIpv6(a) + "/64"));
                }
            }
            if (size == 0) {
                return;
            }
            // the addresses network by network (a segment each), then by host number within each
            int[] start = new int[networks + 2];
            for (long n : numbers) {
                if (n != 0) {
                    start[(int) (n >>> 32) + 1]++;
                }
            }
            for (int n = 1; n <= networks + 1; n++) {
                start[n] += start[n - 1];
            }
            int[] fill = start.clone();
            long[] byHost = new long[size];
            for (int k = 0; k < numbers.length; k++) {
                long n = numbers[k];
                if (n != 0) {
                    byHost[fill[(int) (n >>> 32)]++] = (n & 0xffffffffL) << 32 | k;
                }
            }
            for (int n = 1; n <= networks; n++) {
                java.util.Arrays.sort(byHost, start[n], start[n + 1]);
            }
            for (long x : byHost) {
                int slot = (int) x;
                long n = numbers[slot];
                for (int i = 0; i < 8; i++) {
                    a[i] = (byte) (keys[2 * slot] >>> 56 - 8 * i);
                    a[8 + i] = (byte) (keys[2 * slot + 1] >>> 56 - 8 * i);
                }
                entries.add(Map.entry("ip6-" + (int) (n >>> 32) + "." + (int) n, Addresses.formatIpv6(a)));
            }
        }

        private static int mix(long high, long low) {
            long h = (high * 0x9E3779B97F4A7C15L) ^ low;
            h *= 0xC2B2AE3D27D4EB4FL;
            return (int) (h ^ h >>> 32);
        }
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
