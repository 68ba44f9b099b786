package io.jsos.report.redact;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * What the redactor is told beyond what it finds by itself: the user's rules (a YAML file,
 * {@code --rules FILE}), the rules collectors declare about their files, and the built-in rules for
 * files whose content only their path explains ({@code /proc/net/tcp} holds addresses as hex).
 *
 * <p>The YAML file (every key optional):
 * <pre>
 * words: [projectx, acme]          # hidden wherever they stand as a whole word → word-N
 * hosts: [db-main, vm]             # more host names, like /etc/hostname (short ones too)
 * domains: [acme.internal]         # more DNS domains
 * users: [jdoe]                    # more user names
 * secretKeys: [mycorp_sig]         # setting names whose values are secrets (key=value, key: value, --key x)
 * patterns:                        # regular expressions (Java syntax), tried on every line
 *   - regex: 'CUST-[0-9]{6}'
 *     secret: false                # false: a consistent token (word-N); true (default): &lt;redacted&gt;
 * files:                           # what files hold, by bundle path glob (etc/app/*.lic)
 *   - path: 'etc/app/license.key'
 *     content: secret              # secret | hex-ipv4-port | hex-ipv6-port | hex-ipv4 | hex-ipv6
 * </pre>
 * A regex with a group named {@code secret} replaces only that group. Immutable.
 */
public final class RedactionConfig {

    /** What a file holds, as far as redaction is concerned. */
    public enum FileContent {
        /** Nothing special: every rule applies. */
        TEXT,
        /** The whole file is a secret (a key, a licence): its content is replaced by one marker line. */
        SECRET,
        /** IPv4 addresses as 8 hex digits, little-endian, with a port: {@code 0100007F:0CEA} (/proc/net/tcp). */
        HEX_IPV4_PORT,
        /** IPv6 addresses as 32 hex digits in four little-endian words, with a port (/proc/net/tcp6). */
        HEX_IPV6_PORT,
        /** IPv4 addresses as 8 hex digits, little-endian, alone as words (/proc/net/route). */
        HEX_IPV4,
        /** IPv6 addresses as 32 hex digits in network order (/proc/net/if_inet6, ipv6_route). */
        HEX_IPV6;

        static FileContent parse(String s) {
            try {
                return valueOf(s.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("unknown file content '" + s
                        + "'; valid: text, secret, hex-ipv4-port, hex-ipv6-port, hex-ipv4, hex-ipv6");
            }
        }
    }

    /** Files matching {@code glob} (a bundle path glob such as {@code etc/ceph/*.keyring}) hold {@code content}. */
    public record FileRule(String glob, FileContent content) {
        public FileRule {
            Objects.requireNonNull(glob, "glob");
            Objects.requireNonNull(content, "content");
        }
    }

    /** A user pattern: the match (or its group {@code secret}) is replaced by the marker, or by a token. */
    public record PatternRule(Pattern pattern, boolean secret) {
    }

    /** The files the kernel writes addresses into as hex: known by path alone. */
    static final List<FileRule> BUILT_IN_FILES = List.of(
            new FileRule("{proc/net,proc/*/net,proc/*/task/*/net}/{tcp,udp,raw,udplite,icmp}", FileContent.HEX_IPV4_PORT),
            new FileRule("{proc/net,proc/*/net,proc/*/task/*/net}/{tcp6,udp6,raw6,udplite6,icmp6}", FileContent.HEX_IPV6_PORT),
            new FileRule("{proc/net,proc/*/net,proc/*/task/*/net}/route", FileContent.HEX_IPV4),
            new FileRule("{proc/net,proc/*/net,proc/*/task/*/net}/{if_inet6,ipv6_route,anycast6,igmp6,mcfilter6}",
                    FileContent.HEX_IPV6));

    /** No user rules (the built-in file rules still apply). */
    public static final RedactionConfig NONE = new RedactionConfig(List.of(), RedactionFacts.empty(), Set.of(), List.of(),
            List.of());

    /** Loaded on first use only: the engine itself never needs YAML. */
    private static final class Yaml {
        static final ObjectMapper MAPPER = new ObjectMapper(new YAMLFactory());
    }

    private final List<String> words;
    private final RedactionFacts names;
    private final Set<String> secretKeys;
    private final List<PatternRule> patterns;
    private final List<FileRule> files;
    private final List<PathMatcher> matchers;

    /**
     * @param words literal words to hide (case-insensitive, whole words) as {@code word-N} tokens
     * @param names more host names, domains and user names to hide
     * @param secretKeys more setting names whose values are secrets
     * @param patterns regular expressions tried on every line
     * @param files what files hold, by bundle path glob; the first matching rule counts, before the built-in ones
     */
    public RedactionConfig(List<String> words, RedactionFacts names, Set<String> secretKeys, List<PatternRule> patterns,
            List<FileRule> files) {
        Set<String> w = new LinkedHashSet<>();
        for (String word : words) {
            String l = word.trim().toLowerCase(Locale.ROOT);
            if (!l.isEmpty()) {
                w.add(l);
            }
        }
        this.words = List.copyOf(w);
        this.names = Objects.requireNonNull(names, "names");
        Set<String> k = new TreeSet<>();
        for (String key : secretKeys) {
            String l = key.trim().toLowerCase(Locale.ROOT);
            if (!l.isEmpty()) {
                if (!l.matches("[a-z0-9_.-]+")) {
                    throw new IllegalArgumentException("secret key names are letters, digits, _ . -: '" + key + "'");
                }
                k.add(l);
            }
        }
        this.secretKeys = Set.copyOf(k);
        this.patterns = List.copyOf(patterns);
        List<FileRule> all = new ArrayList<>(files);
        all.addAll(BUILT_IN_FILES);
        this.files = List.copyOf(all);
        List<PathMatcher> m = new ArrayList<>();
        for (FileRule r : this.files) {
            m.add(FileSystems.getDefault().getPathMatcher("glob:" + r.glob()));
        }
        this.matchers = List.copyOf(m);
    }

    /** Rules that only say what files hold (what a collector declares). */
    public static RedactionConfig ofFiles(Collection<FileRule> files) {
        return new RedactionConfig(List.of(), RedactionFacts.empty(), Set.of(), List.of(), List.copyOf(files));
    }

    /** Reads a rules file (format above). */
    public static RedactionConfig load(Path yaml) throws IOException {
        try {
            return parse(Files.readString(yaml));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(yaml + ": " + e.getMessage(), e);
        }
    }

    /** Parses rules (format above); throws IllegalArgumentException naming what is wrong. */
    public static RedactionConfig parse(String yaml) {
        JsonNode root;
        try {
            root = Yaml.MAPPER.readTree(yaml);
        } catch (IOException e) {
            throw new IllegalArgumentException("not valid YAML: " + e.getMessage(), e);
        }
        if (root == null || root.isMissingNode() || root.isNull()) {
            return NONE;
        }
        if (!root.isObject()) {
            throw new IllegalArgumentException("rules must be a YAML mapping (words:, hosts:, patterns:, ...)");
        }
        Set<String> known = Set.of("words", "hosts", "domains", "users", "secretKeys", "patterns", "files");
        root.fieldNames().forEachRemaining(f -> {
            if (!known.contains(f)) {
                throw new IllegalArgumentException("unknown key '" + f + "'; valid: " + new TreeSet<>(known));
            }
        });
        List<PatternRule> patterns = new ArrayList<>();
        for (JsonNode p : list(root, "patterns")) {
            String regex = p.isTextual() ? p.asText() : p.path("regex").asText(null);
            if (regex == null || regex.isEmpty()) {
                throw new IllegalArgumentException("patterns: each entry needs a regex");
            }
            try {
                patterns.add(new PatternRule(Pattern.compile(regex), !p.has("secret") || p.get("secret").asBoolean(true)));
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException("patterns: bad regex '" + regex + "': " + e.getDescription(), e);
            }
        }
        List<FileRule> files = new ArrayList<>();
        for (JsonNode f : list(root, "files")) {
            String path = f.path("path").asText(null);
            if (path == null || path.isBlank()) {
                throw new IllegalArgumentException("files: each entry needs a path (a glob such as etc/app/*.key)");
            }
            String glob = path.startsWith("/") ? path.substring(1) : path;
            try {
                FileSystems.getDefault().getPathMatcher("glob:" + glob);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("files: bad glob '" + path + "'", e);
            }
            files.add(new FileRule(glob, FileContent.parse(f.path("content").asText("secret"))));
        }
        RedactionFacts names = new RedactionFacts(strings(root, "hosts"), strings(root, "domains"), strings(root, "users"));
        return new RedactionConfig(List.copyOf(strings(root, "words")), names, strings(root, "secretKeys"), patterns, files);
    }

    private static List<JsonNode> list(JsonNode root, String key) {
        JsonNode n = root.get(key);
        List<JsonNode> out = new ArrayList<>();
        if (n == null || n.isNull()) {
            return out;
        }
        if (!n.isArray()) {
            throw new IllegalArgumentException(key + " must be a list");
        }
        n.forEach(out::add);
        return out;
    }

    private static Set<String> strings(JsonNode root, String key) {
        Set<String> out = new LinkedHashSet<>();
        for (JsonNode n : list(root, key)) {
            if (!n.isValueNode()) {
                throw new IllegalArgumentException(key + " must be a list of words");
            }
            out.add(n.asText());
        }
        return out;
    }

    /** These rules, then {@code other}'s (file rules: ours first). */
    public RedactionConfig plus(RedactionConfig other) {
        List<String> w = new ArrayList<>(words);
        w.addAll(other.words);
        Set<String> k = new TreeSet<>(secretKeys);
        k.addAll(other.secretKeys);
        List<PatternRule> p = new ArrayList<>(patterns);
        p.addAll(other.patterns);
        List<FileRule> f = new ArrayList<>(files.subList(0, files.size() - BUILT_IN_FILES.size()));
        f.addAll(other.files.subList(0, other.files.size() - BUILT_IN_FILES.size()));
        return new RedactionConfig(w, names.merge(other.names), k, p, f);
    }

    /** What the file at {@code bundlePath} (relative, e.g. {@code proc/net/tcp}) holds. */
    public FileContent contentOf(String bundlePath) {
        if (bundlePath == null || bundlePath.isEmpty()) {
            return FileContent.TEXT;
        }
        String rel = bundlePath.startsWith("/") ? bundlePath.substring(1) : bundlePath;
        Path p;
        try {
            p = Path.of(rel);
        } catch (InvalidPathException e) {
            return FileContent.TEXT;
        }
        for (int i = 0; i < matchers.size(); i++) {
            if (matchers.get(i).matches(p)) {
                return files.get(i).content();
            }
        }
        return FileContent.TEXT;
    }

    public List<String> words() {
        return words;
    }

    public RedactionFacts names() {
        return names;
    }

    public Set<String> secretKeys() {
        return secretKeys;
    }

    public List<PatternRule> patterns() {
        return patterns;
    }

    /** The file rules, the built-in ones last. */
    public List<FileRule> files() {
        return files;
    }

    /**
     * The rules of a {@code --rules FILE} option: {@link #NONE} without one.
     *
     * @throws IllegalArgumentException naming the file and what is wrong with it (a usage error)
     */
    public static RedactionConfig fromOption(java.nio.file.Path rules) {
        if (rules == null) {
            return NONE;
        }
        try {
            return load(rules);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("cannot read --rules " + rules + ": " + e.getMessage(), e);
        }
    }
}
