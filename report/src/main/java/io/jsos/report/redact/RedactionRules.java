package io.jsos.report.redact;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The rules of {@link DefaultRedactor} as one combined pattern, and the per-stream
 * {@link LineScanner} that applies them.
 *
 * <p><b>One pattern, one pass.</b> Every rule is an alternative of a single regular expression
 * with named groups ({@link #alternatives()}), so each line is scanned once whatever the number of
 * rules, never once per rule. The leftmost match wins; at one position the earlier alternative
 * wins, which is why secrets come before names ({@code web1_password=x} is a password setting
 * whose name is then redacted on its own, not the host name {@code web1} followed by text) and
 * IPv6 comes last (a candidate such as {@code 12:30:45} that turns out not to be an address has
 * had every other rule tried at its position). The pattern finds candidates by shape; small Java
 * checks ({@link Addresses}, {@link SecretKeys}, the name table) decide. Every alternative starts
 * with a look-behind or a literal and consumes words possessively, so no input makes it
 * backtrack much, even a 64 KiB line of {@code a.a.a.a...}.
 *
 * <p><b>Where the pattern is tried.</b> {@link java.util.regex.Matcher#find()} would try all
 * sixteen alternatives at every character, a few MB/s. Instead {@link CandidateFilter} walks the
 * line and names the positions where a rule can start, and the pattern is tried there with
 * {@link Matcher#lookingAt()}. Only the rules that can start at a position are tried: those of
 * the marks the filter found there (a secret stem, a name, a user...) and of its shape (digits and
 * a dot, hex and a colon), the same alternatives in the same order compiled as a smaller pattern
 * ({@link #subset}, {@link #shapes}, {@link #addresses}), so the choice is exactly the one the full
 * pattern would make. Where only an address can start, {@link AddressMatcher} decides without a
 * pattern (or defers to it where it would backtrack). Tests check that the filtered scan and a
 * plain {@code find()} scan give the same output, and the address matcher against its patterns.
 *
 * <p>Immutable and thread-safe; a {@link LineScanner} is not (one per stream).
 */
final class RedactionRules {

    /** What a secret value becomes. Not a token: secrets are never mapped back. */
    static final String REDACTED = "<redacted>";

    private static final String OCT = "(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])";
    /** What a value ends at in a command line: blanks, NUL (/proc/pid/cmdline), JSON string and array syntax. */
    private static final String ARG_SEP = "\\s\\x00\",\\[\\]";
    /** Returned by {@code handle} when a rule's Java check says no: the other rules are tried at the same place. */
    private static final int REJECT = -1;
    private static final Pattern BLOCK_INDICATOR = Pattern.compile("[|>][-+]?[1-9]?[-+]?");
    /** Hex addresses in /proc/net files, by file content. */
    private static final Pattern HEX4_PORT = Pattern.compile("(?<![0-9A-Fa-f:])([0-9A-Fa-f]{8}):([0-9A-Fa-f]{4})(?![0-9A-Fa-f:])");
    private static final Pattern HEX6_PORT = Pattern.compile("(?<![0-9A-Fa-f:])([0-9A-Fa-f]{32}):([0-9A-Fa-f]{4})(?![0-9A-Fa-f:])");
    private static final Pattern HEX4 = Pattern.compile("(?<![0-9A-Za-z])([0-9A-Fa-f]{8})(?![0-9A-Za-z])");
    private static final Pattern HEX6 = Pattern.compile("(?<![0-9A-Za-z])([0-9A-Fa-f]{32})(?![0-9A-Za-z])");

    /** A setting name containing a secret stem; the stem look-ahead is a cheap pre-filter. */
    private final String KEY_WORD;
    private static final String NOT_AFTER_KEY_CHAR = "(?<![A-Za-z0-9_.-])";
    private static final Set<String> AUTH_SCHEMES = Set.of("bearer", "basic", "digest", "negotiate", "token", "ntlm");

    private final boolean prefilter;
    private final TokenMap tokens;
    private final RedactionConfig config;
    /** Host and domain names with an underscore: matched as whole words, not as DNS labels. */
    private final Set<String> underscoreNames;
    private final Set<String> underscoreDomains;
    private final Set<String> shortHosts;
    private final List<String> words;
    private final Set<String> extraKeys;
    private final String[] secretStems;
    private final String[] shortStems;
    private final Set<String> hosts;
    private final Set<String> domains;
    private final Set<String> users;
    /** The most labels of any known host name or domain: how far a name match can reach. */
    private final int maxLabels;
    /** What {@link CandidateFilter} searches each line for. */
    private final String[] nameStems;
    private final String[] userStems;
    /** All of the above, indexed for {@link CandidateFilter}'s one-pass search; shared by the scanners. */
    private final CandidateFilter.Stems stems;
    /** The name rule by hand, where only a name mark can start a rule (see {@link NameMatcher}). */
    private final NameMatcher nameMatcher;
    /** The user rule by hand where only a user mark can start a rule; null when other rules share that mark. */
    private final UserMatcher userMatcher;
    /** The short rule by hand, where only a short-name mark can start a rule (see {@link ShortMatcher}). */
    private final ShortMatcher shortMatcher;
    /** All rules: used where {@link CandidateFilter} marked a position (or without the filter). */
    private final Compiled all;
    /** All rules but those whose Java check can say no ({@link #REJECT}): tried where one of those said no. */
    private final Compiled rest;
    /** The rules recognised by shape alone: where only the shape of the text suggested a match. */
    private final Compiled shapes;
    /** The address rules: where the text looks like an address and nothing else was marked. */
    private final Compiled addresses;
    /** Every rule, by name, in order of precedence (see {@link #alternatives()}). */
    private final Map<String, String> rules;
    /** Patterns of the rules a combination of marks and shape allows, by {@link #subsetKey}; made when first needed. */
    private final java.util.concurrent.ConcurrentHashMap<Integer, Compiled> subsets = new java.util.concurrent.ConcurrentHashMap<>();
    /**
     * The rules each mark of {@link CandidateFilter} can start (bit i: entry i), and those each shape
     * can start: a rule that is not recognised by its shape starts only at its own kind of mark.
     */
    private static final List<List<String>> MARK_RULES = List.of(
            List.of("quoted", "setting", "flag", "directive", "xml"), // M_SECRET
            List.of("name"), // M_NAME
            List.of("url"), // M_URL
            List.of("bearer"), // M_BEARER
            List.of("uname", "user", "word"), // M_USER
            List.of("short"), // M_SHORT
            List.of("pflag"), // M_PFLAG
            List.of("envval"), // M_VALUE
            List.of("envkey")); // M_ENVNAME
    private static final List<String> SHAPE_RULES = List.of("pem", "jwt", "tok", "mac", "ip4", "aws", "ip6");
    private static final List<String> ADDRESS_RULES = List.of("mac", "ip4", "ip6");

    RedactionRules(RedactionFacts facts, TokenMap tokens) {
        this(facts, tokens, RedactionConfig.NONE, true);
    }

    RedactionRules(RedactionFacts facts, TokenMap tokens, boolean prefilter) {
        this(facts, tokens, RedactionConfig.NONE, prefilter);
    }

    /** With {@code prefilter} false, lines are scanned with plain {@code find()} (tests compare both). */
    RedactionRules(RedactionFacts facts0, TokenMap tokens, RedactionConfig config, boolean prefilter) {
        this.prefilter = prefilter;
        this.tokens = tokens;
        this.config = config;
        RedactionFacts facts = facts0.merge(config.names());
        this.underscoreNames = Stream.concat(facts.hostNames().stream(), facts.domains().stream())
                .filter(n -> n.indexOf('_') >= 0 && n.indexOf('.') < 0) // an FQDN: its short name and domain are here too
                .collect(Collectors.toCollection(java.util.TreeSet::new));
        this.underscoreDomains = facts.domains().stream().filter(n -> n.indexOf('_') >= 0).collect(Collectors.toUnmodifiableSet());
        this.hosts = facts.hostNames().stream().filter(n -> n.indexOf('_') < 0).collect(Collectors.toUnmodifiableSet());
        this.domains = facts.domains().stream().filter(n -> n.indexOf('_') < 0).collect(Collectors.toUnmodifiableSet());
        this.users = facts.userNames();
        this.shortHosts = facts.shortHostNames();
        this.words = config.words();
        this.extraKeys = config.secretKeys();
        String stems = SecretKeys.STEMS + extraKeys.stream().map(Pattern::quote).map(q -> "|" + q).collect(Collectors.joining());
        this.KEY_WORD = "(?=[A-Za-z0-9_.-]*?(?i:" + stems + "))[A-Za-z0-9_.-]++";
        List<String> ss = new ArrayList<>(List.of(SecretKeys.STEMS.split("\\|")));
        ss.addAll(extraKeys);
        this.secretStems = ss.toArray(String[]::new);
        this.shortStems = shortHosts.toArray(String[]::new);
        this.maxLabels = Stream.concat(hosts.stream(), domains.stream())
                .mapToInt(n -> n.split("\\.").length).max().orElse(1);
        this.nameStems = CandidateFilter.nameStems(
                Stream.concat(hosts.stream(), domains.stream()).collect(Collectors.toList()));
        this.userStems = Stream.of(users.stream(), underscoreNames.stream(), words.stream()).flatMap(x -> x)
                .distinct().toArray(String[]::new);
        this.stems = new CandidateFilter.Stems(secretStems, nameStems, userStems, shortStems);
        this.nameMatcher = new NameMatcher(Stream.concat(hosts.stream(), domains.stream()).toList());
        // uname and word start at the same mark: where they can match, the patterns decide
        this.userMatcher = underscoreNames.isEmpty() && words.isEmpty() ? new UserMatcher(users) : null;
        this.shortMatcher = new ShortMatcher(shortHosts);
        Map<String, String> rules = alternatives();
        this.rules = rules;
        this.all = new Compiled(rules, rules.keySet());
        this.rest = new Compiled(rules, rules.keySet().stream().filter(k -> !k.equals("pflag") && !k.equals("envval")).toList());
        // Subsets keep the order of the full list, so where they apply they choose exactly as it would.
        this.shapes = new Compiled(rules, SHAPE_RULES);
        this.addresses = new Compiled(rules, ADDRESS_RULES);
        if (MARK_RULES.size() != CandidateFilter.MARK_BITS) {
            throw new IllegalStateException("a mark without its rules");
        }
    }

    /** The key of {@link #subset}: the marks at a position and its shape ({@link CandidateFilter#shape}). */
    private static int subsetKey(int marks, int shape) {
        return marks << 2 | shape;
    }

    /**
     * The rules that can start at a position with these marks and this shape, in the order of the
     * full list, so that where they apply they choose exactly as the full pattern would.
     */
    private Compiled subset(int key) {
        Compiled c = subsets.get(key);
        if (c != null) {
            return c;
        }
        return subsets.computeIfAbsent(key, k -> {
            Set<String> allowed = new java.util.HashSet<>();
            for (int bit = 0; bit < CandidateFilter.MARK_BITS; bit++) {
                if ((k >> 2 & 1 << bit) != 0) {
                    allowed.addAll(MARK_RULES.get(bit));
                }
            }
            int shape = k & 3;
            allowed.addAll(shape == CandidateFilter.SHAPE ? SHAPE_RULES : shape == CandidateFilter.ADDRESS ? ADDRESS_RULES : List.of());
            return new Compiled(rules, rules.keySet().stream().filter(allowed::contains).toList());
        });
    }

    /** Every rule, by name, in the order in which they take precedence at one position. */
    private Map<String, String> alternatives() {
        Map<String, String> alt = new LinkedHashMap<>();
        // PEM private keys: the BEGIN line; the body is dropped up to the END line (LineScanner).
        alt.put("pem", "(?<pem>-----BEGIN [A-Z0-9 ]{0,40}PRIVATE KEY(?: BLOCK)?-----)");
        // Credentials in URLs: scheme://user:password@host (the password goes, the user is a name).
        alt.put("url", "(?<![A-Za-z0-9+.-])(?<url>[A-Za-z][A-Za-z0-9+.-]{0,30}+://)(?<urluser>[^\\s:/@?#]*+)"
                + ":(?<urlpass>[^\\s/?#]*)@");
        // Bearer tokens, wherever they are (curl -H, logs).
        alt.put("bearer", "(?<![A-Za-z0-9_-])(?<bearer>(?i:bearer)[ \\t]++)(?<bearerval>[A-Za-z0-9._~+/-]{8,}+=*+)");
        // JSON Web Tokens: three base64url parts, the header always starts with {" = eyJ.
        alt.put("jwt", "(?<![A-Za-z0-9_-])(?<jwt>eyJ[A-Za-z0-9_-]++\\.[A-Za-z0-9_-]++\\.[A-Za-z0-9_-]*+)");
        // Keys and tokens recognisable by their own shape, without a setting name in front.
        alt.put("tok", "(?<![A-Za-z0-9_+-])(?<tok>"
                + "A(?:KIA|SIA|GPA|IDA|ROA|NPA|NVA|IPA)[0-9A-Z]{16}" // AWS access key ids
                + "|gh[pousr]_[A-Za-z0-9]{36,}+|github_pat_[A-Za-z0-9_]{22,}+" // GitHub
                + "|glpat-[A-Za-z0-9_-]{20,}+" // GitLab
                + "|xox[abposr]-[A-Za-z0-9-]{10,}+" // Slack
                + "|AIza[0-9A-Za-z_-]{35}" // Google API keys
                + "|sk_live_[0-9A-Za-z]{16,}+" // Stripe
                + "|AQ[A-Za-z0-9+/]{36}==" // Ceph keys (28 bytes, base64)
                + "|\\$(?:[56]|y|gy|7|2[abxy])\\$[./A-Za-z0-9$=,]{20,}+" // crypt(3) password hashes
                + ")(?![A-Za-z0-9_+/=-])");
        // Short password flags of known programs (mysql -pX, sshpass -p X, ldapsearch -w X): ProgramFlags decides.
        alt.put("pflag", "(?<![^" + ARG_SEP + "])(?<pflag>--user(?=[ \\t\\x00\",])|-[pwaPu])(?<pfval>[^" + ARG_SEP + "]*+)");
        // The value of a Kubernetes env entry whose name is a secret (- name: DB_PASSWORD / value: x).
        alt.put("envval", "(?<![A-Za-z0-9_.-])(?<evq>[\"']?)(?<evkey>value)\\k<evq>(?<evsep>[ \\t]*+[:=][ \\t]*+)");
        // Secret settings, "key": "value" (JSON, Python dicts) ...
        alt.put("quoted", "(?<sq>[\"'])(?<sqkey>" + KEY_WORD + ")\\k<sq>(?<sqsep>[ \\t]*+(?:=>|[:=])[ \\t]*+)");
        // ... key=value, key = value, key: value, key => value, --key=value ...
        alt.put("setting", NOT_AFTER_KEY_CHAR + "(?<skey>" + KEY_WORD + ")(?<ssep>[ \\t]*+(?:=>|:=|=(?!=)|:(?![:/]))[ \\t]*+)");
        // ... --key value (a command-line flag followed by a word that is not another flag) ...
        alt.put("flag", NOT_AFTER_KEY_CHAR + "(?<fkey>--?" + KEY_WORD + ")(?<fsep>[ \\t]++)(?=[^\\s-])");
        // ... "requirepass value" (a config directive: the name and one word, alone on their line) ...
        alt.put("directive", "^(?<dind>[ \\t]*+)(?<dkey>" + KEY_WORD + ")(?<dsep>[ \\t]++)(?=\\S++[ \\t]*+$)");
        // ... and <password>value</password>.
        alt.put("xml", "<(?<xkey>" + KEY_WORD + ")>");
        // The name of a Kubernetes env entry (name: DB_PASSWORD): its value follows as "value:".
        // (Starts at "name", not with a look-behind: a bounded look-behind is tried at every length.)
        alt.put("envkey", "(?<![A-Za-z0-9_.-])(?<envname>[\"']?(?i:name)[\"']?[ \\t]*+[:=][ \\t]*+[\"']?)(?<envkey>" + KEY_WORD
                + ")(?![A-Za-z0-9_.-])");
        // Hardware addresses: 6 (MAC), 8 (EUI-64, WWN) up to 20 (InfiniBand) hex pairs, ':' or '-'.
        alt.put("mac", "(?<![0-9A-Za-z_:-])(?<mac>[0-9A-Fa-f]{2}(?<macsep>[:-])[0-9A-Fa-f]{2}(?:\\k<macsep>[0-9A-Fa-f]{2}){4,18}+)"
                + "(?![0-9A-Za-z_]|[:-][0-9A-Fa-f])"
                // Cisco's form: 5254.0012.3456
                + "|(?<![0-9A-Za-z_.:-])(?<cmac>[0-9A-Fa-f]{4}\\.[0-9A-Fa-f]{4}\\.[0-9A-Fa-f]{4})(?![0-9A-Za-z_]|[.:-][0-9A-Za-z])");
        // IPv4: a dotted quad not glued to letters, digits or further ".digit" (not 1.2.3.4.5, not v1.2.3.4).
        alt.put("ip4", "(?<![0-9A-Za-z])(?<![0-9]\\.)(?<ip4>" + OCT + "\\." + OCT + "\\." + OCT + "\\." + OCT + ")"
                + "(?![0-9A-Za-z])(?!\\.[0-9])");
        // Known host and domain names: a dotted word that has one of them as whole labels.
        alt.put("name", names());
        // Host and domain names with an underscore (my_host): whole words, maybe followed by their domain.
        alt.put("uname", literalWords("uname", underscoreNames) + "(?<unamedom>(?:\\.[A-Za-z0-9-]++)*+)");
        // EC2-style host names that spell an address: ip-10-1-2-3.
        alt.put("aws", "(?<![A-Za-z0-9-])(?i:ip)-(?<awsip>" + OCT + "-" + OCT + "-" + OCT + "-" + OCT + ")(?![A-Za-z0-9-])");
        // Known user names, as whole words.
        alt.put("user", users());
        // The user's literal words.
        alt.put("word", literalWords("word", words));
        // Short host names (vm, db): case-sensitive whole words where a host name stands; never a dotted
        // key (vm.swappiness), a path below sys/ (/proc/sys/vm/...), or part of a longer word.
        alt.put("short", shortNames());
        // IPv6 candidates (hex groups and at least two colons, maybe a dotted-quad tail and a zone),
        // validated in Java. Last: a candidate that turns out not to be an address (12:30:45) has had
        // every other rule tried at its position already.
        alt.put("ip6", "(?<![0-9A-Za-z_:.])(?<ip6>[0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,8}"
                + "(?:(?<=:)" + OCT + "\\." + OCT + "\\." + OCT + "\\." + OCT + ")?)"
                + "(?<zone>%[0-9A-Za-z_-]++(?:\\.[0-9A-Za-z_-]++)*+)?(?![0-9A-Za-z_:]|\\.[0-9])");
        return alt;
    }

    private String names() {
        if (hosts.isEmpty() && domains.isEmpty()) {
            return "(?<name>(?!))"; // never matches; keeps the group so the handler code stays simple
        }
        String stems = Stream.concat(hosts.stream(), domains.stream())
                .distinct()
                .sorted(Comparator.comparingInt(String::length).reversed().thenComparing(Comparator.naturalOrder()))
                .map(n -> n.replace(".", "\\."))
                .collect(Collectors.joining("|"));
        // Starts at the first label of a dotted word; the look-ahead checks, label by label, that a
        // known name starts at a label boundary and ends at one; the word itself is taken whole
        // (possessively) and split into labels by replaceName.
        return "(?<![A-Za-z0-9-])(?<![A-Za-z0-9-]\\.)"
                + "(?=(?:[A-Za-z0-9-]*+\\.)*?(?i:" + stems + ")(?![A-Za-z0-9-]))"
                + "(?<name>[A-Za-z0-9-]++(?:\\.[A-Za-z0-9-]++)*+)";
    }

    private static String literalWords(String group, Collection<String> list) {
        if (list.isEmpty()) {
            return "(?<" + group + ">(?!))";
        }
        String alternatives = list.stream()
                .sorted(Comparator.comparingInt(String::length).reversed().thenComparing(Comparator.naturalOrder()))
                .map(Pattern::quote)
                .collect(Collectors.joining("|"));
        return "(?<![A-Za-z0-9_-])(?<" + group + ">(?i:" + alternatives + "))(?![A-Za-z0-9_-])";
    }

    private String shortNames() {
        if (shortHosts.isEmpty()) {
            return "(?<short>(?!))";
        }
        String alternatives = shortHosts.stream().sorted().map(Pattern::quote).collect(Collectors.joining("|"));
        return "(?<![^" + SHORT_BEFORE + "])(?<!sys/)(?<short>" + alternatives + ")"
                + "(?=[\\s\\x00\"')\\]}>,;:]|$|\\.(?![A-Za-z0-9_-]))";
    }

    /** What may stand before a short host name (besides the start of the line): blanks, quotes, brackets, @ = , ; /. */
    static final String SHORT_BEFORE = "\\s\\x00\"'(\\[{<@=,;/";
    /** {@link #SHORT_BEFORE} as the characters themselves, for {@link CandidateFilter}. */
    static final String SHORT_BEFORE_CHARS = " \t\n\u000b\f\r\0\"'([{<@=,;/";

    private String users() {
        if (users.isEmpty()) {
            return "(?<user>(?!))";
        }
        String alternatives = users.stream()
                .sorted(Comparator.comparingInt(String::length).reversed().thenComparing(Comparator.naturalOrder()))
                .map(Pattern::quote)
                .collect(Collectors.joining("|"));
        return "(?<![A-Za-z0-9_-])(?<user>(?i:" + alternatives + "))(?![A-Za-z0-9_-])";
    }

    /**
     * The number of each named group of {@code regex}, counted the way {@link Pattern} does (every
     * rule uses named groups only). Java 17 has no public API for this.
     */
    static Map<String, Integer> namedGroups(String regex) {
        Map<String, Integer> groups = new LinkedHashMap<>();
        int count = 0;
        int n = regex.length();
        for (int i = 0; i < n; i++) {
            char c = regex.charAt(i);
            if (c == '\\') {
                if (i + 1 < n && regex.charAt(i + 1) == 'Q') {
                    int e = regex.indexOf("\\E", i + 2);
                    i = e < 0 ? n : e + 1;
                } else {
                    i++;
                }
            } else if (c == '[') {
                i = endOfClass(regex, i);
            } else if (c == '(') {
                if (i + 1 < n && regex.charAt(i + 1) != '?') {
                    count++; // unnamed capturing group
                } else if (regex.startsWith("?<", i + 1) && i + 3 < n && Character.isLetter(regex.charAt(i + 3))) {
                    int close = regex.indexOf('>', i + 3);
                    groups.put(regex.substring(i + 3, close), ++count);
                }
            }
        }
        return groups;
    }

    /** The index of the ']' closing the character class opened at {@code open}. */
    private static int endOfClass(String regex, int open) {
        int i = open + 1;
        if (i < regex.length() && regex.charAt(i) == '^') {
            i++;
        }
        if (i < regex.length() && regex.charAt(i) == ']') {
            i++; // a ']' right after '[' or '[^' is literal
        }
        for (; i < regex.length(); i++) {
            char c = regex.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '[') {
                i = endOfClass(regex, i);
            } else if (c == ']') {
                return i;
            }
        }
        return regex.length();
    }

    /** A pattern made of some of the rules, and the number of each group in it (-1: not in it). */
    private static final class Compiled {
        final Pattern pattern;
        final int pem;
        final int url;
        final int urluser;
        final int urlpass;
        final int bearer;
        final int jwt;
        final int tok;
        final int sqkey;
        final int sqsep;
        final int skey;
        final int ssep;
        final int fkey;
        final int dkey;
        final int xkey;
        final int mac;
        final int ip4;
        final int name;
        final int awsip;
        final int user;
        final int ip6;
        final int pflag;
        final int pfval;
        final int evkey;
        final int evsep;
        final int evq;
        final int envkey;
        final int cmac;
        final int uname;
        final int unamedom;
        final int word;
        final int shortName;

        Compiled(Map<String, String> rules, Collection<String> names) {
            String regex = names.stream().map(rules::get).collect(Collectors.joining("|"));
            this.pattern = Pattern.compile(regex);
            // Matcher.start(String) costs a hash lookup per call; look the numbers up once.
            Map<String, Integer> g = namedGroups(regex);
            if (g.size() != pattern.matcher("").groupCount()) {
                throw new IllegalStateException("group numbering is off: " + g);
            }
            pem = g.getOrDefault("pem", -1);
            url = g.getOrDefault("url", -1);
            urluser = g.getOrDefault("urluser", -1);
            urlpass = g.getOrDefault("urlpass", -1);
            bearer = g.getOrDefault("bearer", -1);
            jwt = g.getOrDefault("jwt", -1);
            tok = g.getOrDefault("tok", -1);
            sqkey = g.getOrDefault("sqkey", -1);
            sqsep = g.getOrDefault("sqsep", -1);
            skey = g.getOrDefault("skey", -1);
            ssep = g.getOrDefault("ssep", -1);
            fkey = g.getOrDefault("fkey", -1);
            dkey = g.getOrDefault("dkey", -1);
            xkey = g.getOrDefault("xkey", -1);
            mac = g.getOrDefault("mac", -1);
            ip4 = g.getOrDefault("ip4", -1);
            name = g.getOrDefault("name", -1);
            awsip = g.getOrDefault("awsip", -1);
            user = g.getOrDefault("user", -1);
            ip6 = g.getOrDefault("ip6", -1);
            pflag = g.getOrDefault("pflag", -1);
            pfval = g.getOrDefault("pfval", -1);
            evkey = g.getOrDefault("evkey", -1);
            evsep = g.getOrDefault("evsep", -1);
            evq = g.getOrDefault("evq", -1);
            envkey = g.getOrDefault("envkey", -1);
            cmac = g.getOrDefault("cmac", -1);
            uname = g.getOrDefault("uname", -1);
            unamedom = g.getOrDefault("unamedom", -1);
            word = g.getOrDefault("word", -1);
            shortName = g.getOrDefault("short", -1);
        }

        Matcher matcher() {
            return pattern.matcher("").useTransparentBounds(true).useAnchoringBounds(false);
        }
    }

    /** The address rules as one pattern (mac, cmac, ip4, ip6): the reference {@link AddressMatcher} is tested against. */
    Pattern addressPattern() {
        return addresses.pattern;
    }

    /** These rules' patterns alone (e.g. "name"), in their order: what hand-written checks are tested against. */
    Pattern rulePattern(String... names) {
        return new Compiled(rules, List.of(names)).pattern;
    }

    /** The rules tried where only a secret stem marked a position ({@link CandidateFilter#M_SECRET}). */
    static final List<String> SECRET_RULES = MARK_RULES.get(0);

    /**
     * False where none of {@link #SECRET_RULES} can match at {@code p}: a cheap necessary
     * condition, so that the patterns are not tried at most words holding a stem ("publickey for",
     * "server.key", a setting's name redacted on its own). What each rule needs there:
     * {@code quoted} and {@code xml} a quote or '<'; {@code flag} a '-' not after a key
     * character; {@code setting} a word of key characters, not after one, followed (after
     * blanks) by '=' or ':'; {@code directive} the start of the line and, after the indentation,
     * a word of key characters, blanks and something more. A test checks the patterns never
     * match where this says false.
     */
    static boolean secretMayStart(String s, int p) {
        char c = s.charAt(p);
        if (c == '"' || c == '\'' || c == '<') {
            return true;
        }
        if (p == 0 && (c == ' ' || c == '\t')) {
            return true; // an indented directive
        }
        if (!isKeyChar(c) || p > 0 && isKeyChar(s.charAt(p - 1))) {
            return false;
        }
        if (c == '-') {
            return true;
        }
        int len = s.length();
        int e = p + 1;
        while (e < len && isKeyChar(s.charAt(e))) {
            e++;
        }
        int j = e;
        while (j < len && (s.charAt(j) == ' ' || s.charAt(j) == '\t')) {
            j++;
        }
        if (j < len && (s.charAt(j) == '=' || s.charAt(j) == ':')) {
            return true;
        }
        return p == 0 && j > e && j < len; // directive: the name, blanks, a word
    }

    /** {@link #setting}: the separator is a colon (':' alone, not ":="). */
    static final long SETTING_COLON = 1L << 62;

    /**
     * The "setting" rule by hand ({@code key=value}, {@code key: value}, {@code key => value}, ...):
     * the last pattern tried on ordinary config-file lines. Where the pattern matches at
     * {@code p}, returns the end of its match (bits 0-31), the end of the key ({@code skey}, bits
     * 32-61) and {@link #SETTING_COLON} when its separator reads as ':'; -1 where it does not
     * match. The pattern stays the definition, and a test compares the two at every position of
     * random text: a word of key characters not after one, holding a secret stem (ASCII case
     * ignored, as {@code (?i)} does), blanks, an operator, blanks.
     */
    long setting(String s, int p) {
        int len = s.length();
        if (p >= len || !isKeyChar(s.charAt(p)) || p > 0 && isKeyChar(s.charAt(p - 1))) {
            return -1;
        }
        int e = p + 1;
        while (e < len && isKeyChar(s.charAt(e))) {
            e++;
        }
        int j = e;
        while (j < len && (s.charAt(j) == ' ' || s.charAt(j) == '\t')) {
            j++;
        }
        if (j >= len) {
            return -1;
        }
        char op = s.charAt(j);
        char after = j + 1 < len ? s.charAt(j + 1) : 0;
        boolean hasAfter = j + 1 < len;
        int opEnd;
        boolean colon = false;
        if (op == '=' && hasAfter && after == '>' || op == ':' && hasAfter && after == '=') {
            opEnd = j + 2;
        } else if (op == '=' && !(hasAfter && after == '=')) {
            opEnd = j + 1;
        } else if (op == ':' && !(hasAfter && (after == ':' || after == '/'))) {
            opEnd = j + 1;
            colon = true;
        } else {
            return -1;
        }
        while (opEnd < len && (s.charAt(opEnd) == ' ' || s.charAt(opEnd) == '\t')) {
            opEnd++;
        }
        if (!stemWithin(s, p, e)) {
            return -1;
        }
        return opEnd | (long) e << 32 | (colon ? SETTING_COLON : 0);
    }

    /** Whether a secret stem starts somewhere in {@code [p, e]} of {@code s}, ASCII case ignored (KEY_WORD's look-ahead). */
    private boolean stemWithin(String s, int p, int e) {
        int len = s.length();
        for (int i = p; i <= e && i < len; i++) {
            for (String stem : secretStems) {
                int n = stem.length();
                if (i + n > len) {
                    continue;
                }
                int k = 0;
                while (k < n && asciiLower(s.charAt(i + k)) == asciiLower(stem.charAt(k))) {
                    k++;
                }
                if (k == n) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Lower case as {@code (?i)} without UNICODE_CASE folds: ASCII letters only. */
    private static char asciiLower(char c) {
        return c >= 'A' && c <= 'Z' ? (char) (c + 32) : c;
    }

    /** [A-Za-z0-9_.-]: what a setting's name is made of (see KEY_WORD). */
    private static boolean isKeyChar(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '.' || c == '-';
    }

    NameMatcher nameMatcher() {
        return nameMatcher;
    }

    UserMatcher userMatcher() {
        return userMatcher;
    }

    ShortMatcher shortMatcher() {
        return shortMatcher;
    }

    LineScanner newScanner() {
        return new LineScanner(RedactionConfig.FileContent.TEXT);
    }

    /** A scanner for a file whose content is {@code content} (see {@link RedactionConfig#contentOf}). */
    LineScanner newScanner(RedactionConfig.FileContent content) {
        return new LineScanner(content);
    }

    RedactionConfig config() {
        return config;
    }

    /** The text being scanned and where its bytes are, so unchanged text is copied, not re-encoded. */
    /**
     * The text being scanned: {@code len} bytes of {@code src} from {@code off}, decoded as
     * ISO-8859-1. Its {@code String} (for the patterns and the matchers that read one) is made
     * only when asked for: most lines hold no candidate, are read as bytes and copied through.
     */
    private static final class Text {
        private byte[] src;
        private int off;
        private int len;
        private String s;

        /** Points this text at {@code len} bytes of {@code src} from {@code off} (one per nesting depth, reused line after line). */
        Text of(byte[] src, int off, int len) {
            this.src = src;
            this.off = off;
            this.len = len;
            this.s = null;
            return this;
        }

        String s() {
            if (s == null) {
                s = new String(src, off, len, StandardCharsets.ISO_8859_1);
            }
            return s;
        }

        byte[] src() {
            return src;
        }

        int off() {
            return off;
        }

        int len() {
            return len;
        }

        void copy(Bytes out, int from, int to) {
            out.write(src, off + from, to - from);
        }
    }

    private enum Form { QUOTED_KEY, BARE, FLAG, DIRECTIVE, XML }

    /** At most this many words in a scanner's name cache (it starts over when full). */
    private static final int CACHE_SIZE = 4096;
    /**
     * A scanner's IPv4 and IPv6 token caches have 2^this slots each (direct-mapped: with a
     * thousand addresses in turn, 1 024 slots missed about a third of the time, 4 096 about a
     * tenth); made at a stream's first address, so a file without addresses does not pay for them.
     */
    private static final int ADDRESS_CACHE_BITS = 12;

    /** Fragments nest at most twice (a setting name inside the user of a URL); deeper is copied as is. */
    private static final int MAX_DEPTH = 3;

    /**
     * Applies the rules to one stream, line by line. Holds the state that spans lines: whether we
     * are inside a PEM private key.
     */
    final class LineScanner {

        /** Per nesting depth (0: the line; 1, 2: a setting name or URL user inside it): matchers, filter. */
        private final Matcher[][] matchers = new Matcher[MAX_DEPTH + 1][];
        private final CandidateFilter[] filters = new CandidateFilter[MAX_DEPTH + 1];
        /** Per nesting depth: the text scanned there (no allocation per line or fragment). */
        private final Text[] texts = new Text[MAX_DEPTH + 2]; // a fragment of depth MAX_DEPTH is scanned at MAX_DEPTH + 1
        private final AddressMatcher addressMatcher = new AddressMatcher();
        /** Per nesting depth: a matcher of each {@link #subset} used so far, by key, and the scan it was last reset for. */
        private final Matcher[][] subsetMatchers = new Matcher[MAX_DEPTH + 1][];
        private final int[][] subsetScan = new int[MAX_DEPTH + 1][];
        /** {@link #subset} by key, as this scanner has used them (no map look-up per position). */
        private final Compiled[] subsetCompiled = new Compiled[1 << CandidateFilter.MARK_BITS + 2];
        private int scans;
        private boolean inPem;
        private boolean pemBodyShown;
        private final RedactionConfig.FileContent content;
        /** Lines (this one included) in which a "value:" is the value of a secret env entry. */
        private int pendingEnv;
        /** Inside a YAML block scalar (password: |) or plain multi-line value whose key is a secret. */
        private int yamlMode;
        private int yamlIndent;
        private boolean yamlShown;
        /** The current line (over several chunks) is being dropped as part of a YAML secret. */
        private boolean droppingLine;

        private static final int YAML_NONE = 0;
        private static final int YAML_BLOCK = 1;
        private static final int YAML_PLAIN = 2;

        LineScanner(RedactionConfig.FileContent content) {
            this.content = content;
            for (int d = 0; d < texts.length; d++) {
                texts[d] = new Text();
            }
        }

        /**
         * Redacts one line (or one chunk of an over-long line) into {@code out}.
         *
         * @param buf the bytes, decoded as ISO-8859-1 so any byte round-trips
         * @param newline whether a '\n' ended the line (it is written after the line)
         * @param lineStart whether this is the start of a line, not the continuation of a long one
         */
        void line(byte[] buf, int off, int len, boolean newline, boolean lineStart, Bytes out) {
            if (content != RedactionConfig.FileContent.TEXT || !config.patterns().isEmpty()) {
                byte[] pre = preTransform(buf, off, len);
                if (pre != null) {
                    buf = pre;
                    off = 0;
                    len = pre.length;
                }
            }
            Text t = texts[0].of(buf, off, len);
            if (lineStart && pendingEnv > 0) {
                pendingEnv--;
            }
            if (yamlMode != YAML_NONE && yamlLine(t, newline, lineStart, out)) {
                return;
            }
            int pos = 0;
            if (inPem) {
                String s = t.s();
                int end = s.indexOf("-----END");
                if (end < 0) {
                    // Inside the key: the first non-blank body line becomes the marker (with its
                    // indentation, for YAML), the other body lines go.
                    if (!pemBodyShown && !s.isBlank()) {
                        t.copy(out, 0, indentation(s));
                        out.latin1(REDACTED);
                        pemBodyShown = true;
                        if (s.endsWith("\r")) {
                            out.write('\r');
                        }
                        if (newline) {
                            out.write('\n');
                        }
                    }
                    return;
                }
                inPem = false;
                if (s.substring(0, end).isBlank()) {
                    pos = 0; // keep the indentation of the END line
                } else {
                    if (!pemBodyShown) {
                        out.latin1(REDACTED);
                    }
                    pos = end;
                }
            }
            scan(t, pos, out, lineStart, 0);
            if (newline) {
                out.write('\n');
            }
        }

        /**
         * Inside a YAML secret: hides a line that belongs to the value (the first one becomes the
         * marker, the others go) and returns true; returns false at the first line that does not
         * belong to it, which is then scanned as usual.
         */
        private boolean yamlLine(Text t, boolean newline, boolean lineStart, Bytes out) {
            String s = t.s();
            if (!lineStart) {
                if (droppingLine) {
                    if (newline && yamlShownThisLine) {
                        out.write('\n');
                    }
                    return true;
                }
                return false;
            }
            droppingLine = false;
            yamlShownThisLine = false;
            if (s.isBlank()) {
                t.copy(out, 0, s.length());
                if (newline) {
                    out.write('\n');
                }
                return true;
            }
            int ind = indentation(s);
            if (!yamlShown && s.startsWith("-----BEGIN", ind) && s.contains("PRIVATE KEY")) {
                yamlMode = YAML_NONE; // a PEM key: the PEM rule keeps its BEGIN and END lines readable
                return false;
            }
            if (ind > yamlIndent && (yamlMode == YAML_BLOCK || !yamlStructure(s, ind))) {
                droppingLine = true;
                if (!yamlShown) {
                    t.copy(out, 0, ind);
                    out.latin1(REDACTED);
                    yamlShown = true;
                    yamlShownThisLine = true;
                    if (newline) {
                        out.write('\n');
                    }
                }
                return true;
            }
            yamlMode = YAML_NONE;
            return false;
        }

        private boolean yamlShownThisLine;

        /** A YAML mapping key or list item: the start of structure, not the continuation of a plain value. */
        private boolean yamlStructure(String s, int ind) {
            String rest = s.substring(ind);
            if (rest.startsWith("- ") || rest.equals("-") || rest.startsWith("#")) {
                return true;
            }
            int colon = rest.indexOf(':');
            return colon > 0 && (colon == rest.length() - 1 || rest.charAt(colon + 1) == ' ' || rest.charAt(colon + 1) == '\r')
                    && rest.substring(0, colon).matches("[\"']?[A-Za-z0-9_.\\-/ ]+[\"']?");
        }

        /**
         * Rewrites what only the file's declared content or the user's patterns identify, before the
         * line is scanned: hex addresses in /proc/net files become the tokens of those addresses,
         * and pattern matches become the marker or a token. Null when nothing changed.
         */
        private byte[] preTransform(byte[] buf, int off, int len) {
            String s = new String(buf, off, len, StandardCharsets.ISO_8859_1);
            String r = s;
            switch (content) {
                case HEX_IPV4_PORT -> r = replaceHex(r, HEX4_PORT, false, true);
                case HEX_IPV6_PORT -> r = replaceHex(r, HEX6_PORT, true, true);
                case HEX_IPV4 -> r = replaceHex(r, HEX4, false, false);
                case HEX_IPV6 -> r = replaceHex(r, HEX6, true, false);
                default -> { }
            }
            for (RedactionConfig.PatternRule rule : config.patterns()) {
                Matcher m = rule.pattern().matcher(r);
                if (!m.find()) {
                    continue;
                }
                boolean group = rule.pattern().pattern().contains("(?<secret>");
                StringBuilder sb = new StringBuilder(r.length());
                int last = 0;
                do {
                    int a = group && m.start("secret") >= 0 ? m.start("secret") : m.start();
                    int b = group && m.start("secret") >= 0 ? m.end("secret") : m.end();
                    if (b <= a) {
                        continue;
                    }
                    sb.append(r, last, a);
                    sb.append(rule.secret() ? REDACTED : tokens.word(r.substring(a, b)));
                    last = b;
                } while (m.find());
                sb.append(r, last, r.length());
                r = sb.toString();
            }
            return r == s ? null : r.getBytes(StandardCharsets.ISO_8859_1);
        }

        private String replaceHex(String s, Pattern p, boolean v6, boolean port) {
            Matcher m = p.matcher(s);
            if (!m.find()) {
                return s;
            }
            StringBuilder sb = new StringBuilder(s.length());
            int last = 0;
            do {
                String hex = m.group(1);
                String replacement = null;
                if (!v6) {
                    long le = Long.parseLong(hex, 16);
                    long a = (le & 0xff) << 24 | (le >>> 8 & 0xff) << 16 | (le >>> 16 & 0xff) << 8 | le >>> 24 & 0xff;
                    if (!Addresses.keepIpv4(a)) {
                        replacement = tokens.ip4((int) a);
                    }
                } else {
                    byte[] a = new byte[16];
                    for (int i = 0; i < 16; i++) {
                        a[i] = (byte) Integer.parseInt(hex, 2 * i, 2 * i + 2, 16);
                    }
                    if (port) { // four little-endian 32-bit words
                        for (int w = 0; w < 16; w += 4) {
                            byte x = a[w];
                            a[w] = a[w + 3];
                            a[w + 3] = x;
                            x = a[w + 1];
                            a[w + 1] = a[w + 2];
                            a[w + 2] = x;
                        }
                    }
                    if (!Addresses.keepIpv6(a)) {
                        long v4 = Addresses.mappedIpv4(a);
                        replacement = v4 >= 0 ? (Addresses.keepIpv4(v4) ? null : "::ffff:" + tokens.ip4((int) v4))
                                : tokens.ip6(a);
                    }
                }
                if (replacement != null) {
                    sb.append(s, last, m.start(1)).append(replacement);
                    last = m.end(1);
                }
            } while (m.find());
            sb.append(s, last, s.length());
            return sb.toString();
        }

        private void scan(Text t, int from, Bytes out, boolean lineStart, int depth) {
            int len = t.len();
            if (depth > MAX_DEPTH) {
                t.copy(out, from, len);
                return;
            }
            if (matchers[depth] == null) {
                matchers[depth] = new Matcher[] {all.matcher(), shapes.matcher(), addresses.matcher(), rest.matcher()};
                filters[depth] = new CandidateFilter(stems);
            }
            Matcher[] ms = matchers[depth];
            int pos = from; // everything before pos has been written
            if (!prefilter) {
                // The reference scan: every rule at every position.
                Matcher m = ms[0].reset(t.s());
                while (pos < len && m.find(pos)) {
                    int start = m.start();
                    t.copy(out, pos, start);
                    int next = handled(all, m, t, out, lineStart, depth);
                    if (next == REJECT) {
                        next = fallback(t, start, out, lineStart, depth, ms);
                    }
                    pos = next;
                }
                t.copy(out, pos, len);
                return;
            }
            int ready = 0; // bit i: ms[i] was reset onto this text (only a matcher that is used is)
            CandidateFilter filter = filters[depth];
            filter.prepare(t.src(), t.off(), len, pendingEnv > 0);
            int scan = ++scans;
            byte[] b = t.src();
            int o = t.off();
            int p = from;
            while (p < len) {
                p = filter.next(b, o, p, len);
                if (p >= len) {
                    break;
                }
                String s = t.s();
                int marks = filter.marks(p);
                int kind = filter.lastShape;
                if (kind == CandidateFilter.NONE && (marks == CandidateFilter.M_NAME || marks == CandidateFilter.M_SHORT
                        || marks == CandidateFilter.M_USER && userMatcher != null)) {
                    // Only the name, the short or the user rule can start here: decided by hand, as its pattern would.
                    int end = marks == CandidateFilter.M_NAME ? nameMatcher.match(s, p)
                            : marks == CandidateFilter.M_SHORT ? shortMatcher.match(s, p) : userMatcher.match(s, p);
                    if (end < 0) {
                        p++;
                        continue;
                    }
                    t.copy(out, pos, p);
                    String found = s.substring(p, end);
                    if (marks == CandidateFilter.M_NAME) {
                        replaceName(found, out);
                    } else {
                        out.latin1(marks == CandidateFilter.M_SHORT ? tokens.host(found) : tokens.user(found));
                    }
                    pos = p = end;
                    continue;
                }
                if (marks == CandidateFilter.M_SECRET && kind == CandidateFilter.NONE) {
                    if (!secretMayStart(s, p)) {
                        p++; // the secret-setting rules cannot match here (see secretMayStart)
                        continue;
                    }
                    char c = s.charAt(p);
                    if (isKeyChar(c)) {
                        // "setting" is the first of the secret rules that can start at a key character:
                        // where it matches it wins; where it does not, only "flag" (at '-') and
                        // "directive" (at the line's start) are left to the patterns.
                        long found = setting(s, p);
                        if (found >= 0) {
                            int end = (int) found;
                            int keyEnd = (int) (found >>> 32) & 0x3fffffff;
                            char separator = (found & SETTING_COLON) != 0 ? ':' : '=';
                            t.copy(out, pos, p);
                            int next = secret(t, p, p, keyEnd, end, separator, Form.BARE, lineStart, out, depth);
                            if (next <= p) { // as handled() does: never lose a byte
                                t.copy(out, p, p + 1);
                                next = p + 1;
                            }
                            pos = p = next;
                            continue;
                        }
                        if (c != '-' && p != 0) {
                            p++;
                            continue;
                        }
                    }
                }
                if (marks != 0) {
                    // Only the rules of these marks and this shape can start here.
                    int key = subsetKey(marks, kind);
                    Matcher m = subsetMatcher(depth, key, s, scan);
                    int next = tryAt(subsetCompiled[key], m, t, pos, p, out, lineStart, depth, ms);
                    if (next < 0) {
                        p++;
                    } else {
                        pos = p = next;
                    }
                    continue;
                }
                if (kind == CandidateFilter.NONE) {
                    p++;
                    continue;
                }
                if (kind == CandidateFilter.ADDRESS) {
                    int rule = addressMatcher.match(s, p);
                    if (rule == AddressMatcher.NONE) {
                        p++;
                        continue;
                    }
                    if (rule != AddressMatcher.UNSURE) {
                        t.copy(out, pos, p);
                        pos = p = address(rule, t, p, out);
                        continue;
                    }
                }
                Compiled c = kind == CandidateFilter.SHAPE ? shapes : addresses;
                int which = kind == CandidateFilter.SHAPE ? 1 : 2;
                Matcher m = ms[which];
                if ((ready & 1 << which) == 0) {
                    m.reset(s);
                    ready |= 1 << which;
                }
                int next = tryAt(c, m, t, pos, p, out, lineStart, depth, ms);
                if (next < 0) {
                    p++;
                } else {
                    pos = p = next;
                }
            }
            t.copy(out, pos, len);
        }

        /** Redacts the address {@link AddressMatcher} found at {@code start}; returns where scanning goes on. */
        private int address(int rule, Text t, int start, Bytes out) {
            int end = addressMatcher.end;
            return switch (rule) {
                case AddressMatcher.MAC -> mac(t, start, end, out);
                case AddressMatcher.CMAC -> ciscoMac(t, start, end, out);
                case AddressMatcher.IP4 -> ip4(t, start, end, addressMatcher.ip4, out);
                default -> ip6(t, start, addressMatcher.candEnd, end, out);
            };
        }

        /**
         * Tries pattern {@code c} (matcher {@code m}, reset onto the text) at {@code p}: on a match,
         * writes the text from {@code pos} and the replacement, and returns where scanning goes on;
         * -1 when nothing matches at {@code p}.
         */
        private int tryAt(Compiled c, Matcher m, Text t, int pos, int p, Bytes out, boolean lineStart, int depth,
                Matcher[] ms) {
            m.region(p, t.s().length()); // transparent bounds: look-behinds see the text before p
            if (!m.lookingAt()) {
                return -1;
            }
            t.copy(out, pos, p);
            int next = handled(c, m, t, out, lineStart, depth);
            if (next == REJECT) {
                next = fallback(t, p, out, lineStart, depth, ms);
            }
            return next;
        }

        /** The matcher of subset {@code key} at {@code depth}, reset onto {@code s} once per scan. */
        private Matcher subsetMatcher(int depth, int key, String s, int scan) {
            if (subsetMatchers[depth] == null) {
                subsetMatchers[depth] = new Matcher[1 << CandidateFilter.MARK_BITS + 2];
                subsetScan[depth] = new int[1 << CandidateFilter.MARK_BITS + 2];
            }
            Matcher m = subsetMatchers[depth][key];
            if (m == null) {
                if (subsetCompiled[key] == null) {
                    subsetCompiled[key] = subset(key);
                }
                m = subsetCompiled[key].matcher();
                subsetMatchers[depth][key] = m;
            }
            if (subsetScan[depth][key] != scan) {
                m.reset(s);
                subsetScan[depth][key] = scan;
            }
            return m;
        }

        /** At {@code at}, a rule's Java check said no: tries the rules that cannot say no. */
        private int fallback(Text t, int at, Bytes out, boolean lineStart, int depth, Matcher[] ms) {
            Matcher r = ms[3].reset(t.s());
            r.region(at, t.s().length());
            if (r.lookingAt()) {
                return handled(rest, r, t, out, lineStart, depth);
            }
            t.copy(out, at, at + 1);
            return at + 1;
        }

        private int handled(Compiled c, Matcher m, Text t, Bytes out, boolean lineStart, int depth) {
            int start = m.start();
            int next = handle(c, m, t, out, lineStart, depth);
            if (next == REJECT) {
                return REJECT;
            }
            if (next <= start) { // cannot happen with the rules above; never lose a byte if it does
                t.copy(out, start, start + 1);
                next = start + 1;
            }
            return next;
        }

        /** Redacts a piece of the current text (a setting name, the user of a URL) on its own. */
        private void fragment(Text t, int from, int to, Bytes out, int depth) {
            if (to <= from) {
                return;
            }
            scan(texts[depth + 1].of(t.src(), t.off() + from, to - from), 0, out, false, depth + 1);
        }

        /** Writes the replacement of the match at m.start(); returns where scanning goes on. */
        private int handle(Compiled c, Matcher m, Text t, Bytes out, boolean lineStart, int depth) {
            String s = t.s();
            int start = m.start();
            int end = m.end();
            if (has(m, c.pem)) {
                return pem(t, start, end, out, depth > 0);
            }
            if (has(m, c.url)) {
                t.copy(out, start, m.end(c.url));
                fragment(t, m.start(c.urluser), m.end(c.urluser), out, depth);
                out.write(':');
                if (m.end(c.urlpass) > m.start(c.urlpass)) {
                    out.latin1(REDACTED);
                }
                out.write('@');
                return end;
            }
            if (has(m, c.bearer)) {
                t.copy(out, start, m.end(c.bearer));
                out.latin1(REDACTED);
                return end;
            }
            if (has(m, c.jwt) || has(m, c.tok)) {
                out.latin1(REDACTED);
                return end;
            }
            if (has(m, c.pflag)) {
                return programFlag(t, start, m.end(c.pflag), end, out);
            }
            if (has(m, c.evkey)) {
                if (pendingEnv <= 0) {
                    return REJECT;
                }
                pendingEnv = 0;
                boolean quoted = m.end(c.evq) > m.start(c.evq);
                return secret(t, start, m.start(c.evkey), m.end(c.evkey), end, separator(m.group(c.evsep)),
                        quoted ? Form.QUOTED_KEY : Form.BARE, lineStart, out, depth, true);
            }
            if (has(m, c.sqkey)) {
                return secret(t, start, m.start(c.sqkey), m.end(c.sqkey), end,
                        separator(m.group(c.sqsep)), Form.QUOTED_KEY, lineStart, out, depth);
            }
            if (has(m, c.skey)) {
                return secret(t, start, m.start(c.skey), m.end(c.skey), end,
                        separator(m.group(c.ssep)), Form.BARE, lineStart, out, depth);
            }
            if (has(m, c.fkey)) {
                return secret(t, start, m.start(c.fkey), m.end(c.fkey), end, ' ', Form.FLAG, lineStart, out, depth);
            }
            if (has(m, c.dkey)) {
                return secret(t, start, m.start(c.dkey), m.end(c.dkey), end, ' ', Form.DIRECTIVE, lineStart, out, depth);
            }
            if (has(m, c.xkey)) {
                return secret(t, start, m.start(c.xkey), m.end(c.xkey), end, '>', Form.XML, lineStart, out, depth);
            }
            if (has(m, c.envkey)) {
                t.copy(out, start, m.start(c.envkey));
                fragment(t, m.start(c.envkey), end, out, depth);
                if (secretKey(s.substring(m.start(c.envkey), end), '=')) {
                    pendingEnv = 2; // this line and the next
                }
                return end;
            }
            if (has(m, c.cmac)) {
                return ciscoMac(t, start, end, out);
            }
            if (has(m, c.uname)) {
                String n = m.group(c.uname).toLowerCase(Locale.ROOT);
                out.latin1(underscoreDomains.contains(n) ? tokens.domain(n) : tokens.host(n));
                String dom = m.group(c.unamedom);
                if (dom != null && !dom.isEmpty()) {
                    out.write('.');
                    replaceName(dom.substring(1), out);
                }
                return end;
            }
            if (has(m, c.word)) {
                out.latin1(tokens.word(m.group(c.word)));
                return end;
            }
            if (has(m, c.shortName)) {
                out.latin1(tokens.host(m.group(c.shortName)));
                return end;
            }
            if (has(m, c.mac)) {
                return mac(t, start, end, out);
            }
            if (has(m, c.ip4)) {
                return ip4(t, start, end, Addresses.parseIpv4(s, start, end, '.'), out);
            }
            if (has(m, c.name)) {
                replaceName(s.substring(start, end), out);
                return end;
            }
            if (has(m, c.awsip)) {
                return ip4(t, start, end, Addresses.parseIpv4(s, m.start(c.awsip), m.end(c.awsip), '-'), out);
            }
            if (has(m, c.user)) {
                out.latin1(tokens.user(m.group(c.user)));
                return end;
            }
            if (has(m, c.ip6)) {
                return ip6(t, start, m.end(c.ip6), end, out);
            }
            throw new IllegalStateException("no rule matched: " + m.group()); // unreachable
        }

        /** A short flag ({@code -p}, {@code -w}, ...) of a program known to take a password there. */
        private int programFlag(Text t, int start, int flagEnd, int end, Bytes out) {
            String s = t.s();
            int mode = ProgramFlags.mode(s, start, s.startsWith("--user", start) ? 'U' : s.charAt(start + 1));
            if (mode == 0) {
                return REJECT;
            }
            if (end > flagEnd) {
                if ((mode & ProgramFlags.GLUED) == 0) {
                    return REJECT;
                }
                return userPass(t, start, flagEnd, end, mode, out);
            }
            if ((mode & ProgramFlags.SEPARATE) == 0) {
                return REJECT;
            }
            int len = s.length();
            int vs = end;
            while (vs < len && ProgramFlags.isSeparator(s.charAt(vs))) {
                vs++;
            }
            if (vs >= len || s.charAt(vs) == '-') {
                return REJECT;
            }
            int ve = vs;
            while (ve < len && !ProgramFlags.isSeparator(s.charAt(ve))) {
                ve++;
            }
            return userPass(t, start, vs, ve, mode, out);
        }

        /** Writes [start, vs) and the value [vs, ve) hidden: all of it, or after the user's colon. */
        private int userPass(Text t, int start, int vs, int ve, int mode, Bytes out) {
            int from = vs;
            if ((mode & ProgramFlags.USER_PASS) != 0) {
                int colon = t.s().indexOf(':', vs);
                if (colon < 0 || colon >= ve) {
                    t.copy(out, start, ve); // a user alone: curl prompts for the password
                    return ve;
                }
                from = colon + 1;
            }
            t.copy(out, start, from);
            if (ve > from) {
                out.latin1(REDACTED);
            }
            return ve;
        }

        private int pem(Text t, int start, int markerEnd, Bytes out, boolean fragment) {
            String s = t.s();
            t.copy(out, start, markerEnd);
            if (fragment) {
                return markerEnd;
            }
            int endMarker = s.indexOf("-----END", markerEnd);
            if (endMarker >= 0) {
                // the whole key on one line (e.g. with literal \n escapes in JSON)
                if (!s.substring(markerEnd, endMarker).isBlank()) {
                    out.latin1(REDACTED);
                }
                return endMarker;
            }
            inPem = true;
            pemBodyShown = false;
            boolean cr = s.endsWith("\r");
            String rest = s.substring(markerEnd, s.length() - (cr ? 1 : 0));
            if (!rest.isBlank()) {
                out.latin1(REDACTED);
                pemBodyShown = true;
            }
            if (cr) {
                out.write('\r');
            }
            return s.length();
        }

        private int ip4(Text t, int start, int end, long address, Bytes out) {
            if (address < 0 || Addresses.keepIpv4(address)) {
                t.copy(out, start, end);
            } else {
                out.latin1(ip4Token((int) address));
            }
            return end;
        }

        /**
         * The token of an IPv4 address through a small direct-mapped cache of this scanner: an
         * address's token never changes once made, and the shared table's look-up (a boxed key
         * in a concurrent map) cost more than the rest of the address's handling.
         */
        private String ip4Token(int address) {
            if (ip4Cached == null) {
                ip4Keys = new int[1 << ADDRESS_CACHE_BITS];
                ip4Cached = new String[1 << ADDRESS_CACHE_BITS];
            }
            int slot = (address * 0x9E3779B1) >>> (32 - ADDRESS_CACHE_BITS);
            String token = ip4Cached[slot];
            if (token == null || ip4Keys[slot] != address) {
                token = tokens.ip4(address);
                ip4Keys[slot] = address;
                ip4Cached[slot] = token;
            }
            return token;
        }

        /**
         * The token of IPv6 address {@code a}, through a small per-stream table like the IPv4 one:
         * the token table keeps numbers, not tokens, per address (see {@link TokenMap}), so a token
         * met again is not made again.
         */
        private String ip6Token(long high, long low) {
            long h = (high * 0x9E3779B97F4A7C15L ^ low) * 0xC2B2AE3D27D4EB4FL;
            int slot = (int) (h >>> 64 - ADDRESS_CACHE_BITS);
            if (ip6Cached == null) {
                ip6High = new long[1 << ADDRESS_CACHE_BITS];
                ip6Low = new long[1 << ADDRESS_CACHE_BITS];
                ip6Cached = new String[1 << ADDRESS_CACHE_BITS];
            }
            String token = ip6Cached[slot];
            if (token == null || ip6High[slot] != high || ip6Low[slot] != low) {
                token = tokens.ip6(high, low);
                ip6High[slot] = high;
                ip6Low[slot] = low;
                ip6Cached[slot] = token;
            }
            return token;
        }

        /** Parses this scanner's IPv6 candidates (no allocation per candidate). */
        private final Ipv6Parser ipv6 = new Ipv6Parser();

        private long[] ip6High;
        private long[] ip6Low;
        private String[] ip6Cached;

        private int[] ip4Keys;
        private String[] ip4Cached;

        /** A hardware address, [start, end) of the text. */
        private int mac(Text t, int start, int end, Bytes out) {
            String mac = Addresses.normaliseMac(t.s().substring(start, end));
            if (Addresses.keepMac(mac)) {
                t.copy(out, start, end);
            } else {
                out.latin1(tokens.mac(mac));
            }
            return end;
        }

        /** A hardware address in Cisco's form (5254.0012.3456), [start, end) of the text. */
        private int ciscoMac(Text t, int start, int end, Bytes out) {
            String g = t.s().substring(start, end).toLowerCase(Locale.ROOT).replace(".", "");
            String mac = g.substring(0, 2) + ":" + g.substring(2, 4) + ":" + g.substring(4, 6) + ":" + g.substring(6, 8)
                    + ":" + g.substring(8, 10) + ":" + g.substring(10, 12);
            if (Addresses.keepMac(mac)) {
                t.copy(out, start, end);
            } else {
                out.latin1(tokens.mac(mac));
            }
            return end;
        }

        /** An IPv6 candidate [start, candEnd), its zone up to {@code end}: validated, then hidden. */
        private int ip6(Text t, int start, int candEnd, int end, Bytes out) {
            String s = t.s();
            Ipv6Parser a = ipv6;
            boolean valid = a.parse(s, start, candEnd);
            if (!valid && s.charAt(candEnd - 1) == ':' && s.charAt(candEnd - 2) != ':') {
                // "fe80::1: link up": the colon belongs to the sentence
                candEnd--;
                end = candEnd;
                valid = a.parse(s, start, candEnd);
            }
            if (!valid || !a.plausible) {
                // Not an address (12:30:45, a:b:c): leave this character, look again after it.
                t.copy(out, start, start + 1);
                return start + 1;
            }
            if (Ipv6Parser.keep(a.high, a.low)) {
                t.copy(out, start, end);
                return end;
            }
            long v4 = Ipv6Parser.mappedIpv4(a.high, a.low);
            if (v4 >= 0) {
                out.latin1("::ffff:");
                out.latin1(Addresses.keepIpv4(v4) ? Addresses.formatIpv4(v4) : tokens.ip4((int) v4));
            } else {
                out.latin1(ip6Token(a.high, a.low));
            }
            t.copy(out, candEnd, end); // the zone (%eth0) names an interface, not a customer
            return end;
        }

        /**
         * A secret setting: writes the name (itself redacted: it may hold a host name), the
         * separator, and the value replaced; returns the end of the value. When the name is not a
         * secret after all, or the value is kept, returns the start of the value so that the value
         * is scanned like any text.
         */
        private int secret(Text t, int start, int keyStart, int keyEnd, int valueStart, char separator,
                Form form, boolean lineStart, Bytes out, int depth) {
            return secret(t, start, keyStart, keyEnd, valueStart, separator, form, lineStart, out, depth, false);
        }

        /**
         * Per separator kind (':' or another, the one distinction {@link SecretKeys} makes): the
         * setting names this stream has judged, and {@link #isSecretKey}'s answer. A file repeats its
         * names (every line of a config, every entry of a list), and splitting a name into words
         * costs several strings; cleared when full, so any stream stays small.
         */
        private final java.util.HashMap<String, Boolean> colonKeys = new java.util.HashMap<>();
        private final java.util.HashMap<String, Boolean> otherKeys = new java.util.HashMap<>();

        /** {@link #isSecretKey}, remembered (see {@link #colonKeys}). */
        private boolean secretKey(String key, char separator) {
            java.util.HashMap<String, Boolean> known = separator == ':' ? colonKeys : otherKeys;
            Boolean secret = known.get(key);
            if (secret == null) {
                if (known.size() >= 4096) {
                    known.clear();
                }
                secret = isSecretKey(key, separator);
                known.put(key, secret);
            }
            return secret;
        }

        private int secret(Text t, int start, int keyStart, int keyEnd, int valueStart, char separator,
                Form form, boolean lineStart, Bytes out, int depth, boolean force) {
            String s = t.s();
            t.copy(out, start, keyStart);
            fragment(t, keyStart, keyEnd, out, depth);
            t.copy(out, keyEnd, valueStart);
            if (!force && !secretKey(s.substring(keyStart, keyEnd), separator)
                    || form == Form.DIRECTIVE && !lineStart) {
                return valueStart;
            }
            int len = s.length();
            int vs = valueStart;
            if (form == Form.BARE && separator == ':' && lineStart && depth == 0 && onlyIndentBefore(s, keyStart)) {
                // YAML: "password: |" (a block) or "password:" with the value on the next, indented lines
                String restOfLine = s.substring(Math.min(vs, len)).strip();
                if (restOfLine.isEmpty() || BLOCK_INDICATOR.matcher(restOfLine).matches()) {
                    yamlMode = restOfLine.isEmpty() ? YAML_PLAIN : YAML_BLOCK;
                    yamlIndent = indentation(s);
                    yamlShown = false;
                    return Math.min(vs, len);
                }
            }
            if (vs >= len) {
                return vs;
            }
            if (form == Form.XML) {
                int close = s.indexOf('<', vs);
                return replaceValue(t, vs, trimEnd(s, vs, close < 0 ? len : close), out);
            }
            char c = s.charAt(vs);
            if (c == '"' || c == '\'') {
                int close = closingQuote(s, vs + 1, c);
                if (close >= 0) {
                    String inner = s.substring(vs + 1, close);
                    if (SecretKeys.keepValue(inner) || hasOpenPem(inner)) {
                        return vs;
                    }
                    out.write(c);
                    out.latin1(REDACTED);
                    out.write(c);
                    return close + 1;
                }
                // no closing quote on this line: a multi-line string, hide what is here
                out.write(c);
                int e = replaceValue(t, vs + 1, trimEnd(s, vs + 1, nulOrEnd(s, vs + 1)), out);
                return e == vs + 1 ? vs + 1 : e;
            }
            // Authorization: Bearer xxx / Basic xxx: the scheme is useful, the credential goes.
            int first = tokenEnd(s, vs);
            if (first < len && (s.charAt(first) == ' ' || s.charAt(first) == '\t')
                    && AUTH_SCHEMES.contains(s.substring(vs, first).toLowerCase(Locale.ROOT))) {
                int next = first;
                while (next < len && (s.charAt(next) == ' ' || s.charAt(next) == '\t')) {
                    next++;
                }
                t.copy(out, vs, next);
                vs = next;
            }
            // A setting alone on its line (a config file) owns the rest of the line, spaces and all;
            // elsewhere (a command line, a log message, a URL) the value is one word.
            boolean wholeLine = form == Form.BARE && lineStart && onlyIndentBefore(s, keyStart);
            int e = wholeLine ? trimEnd(s, vs, nulOrEnd(s, vs)) : tokenEnd(s, vs);
            return replaceValue(t, vs, e, out);
        }

        /** Replaces [vs, e) with the marker unless it is empty, kept, or opens a PEM block. */
        private int replaceValue(Text t, int vs, int e, Bytes out) {
            String s = t.s();
            if (e <= vs) {
                return vs;
            }
            String v = s.substring(vs, e);
            int pem = v.indexOf("-----BEGIN");
            if (pem >= 0 && v.indexOf("-----END", pem) < 0) {
                // Let the PEM rule see the BEGIN line so it can drop the body on the next lines.
                e = trimEnd(s, vs, vs + pem);
                if (e <= vs) {
                    return vs;
                }
                v = s.substring(vs, e);
            }
            if (SecretKeys.keepValue(v)) {
                return vs;
            }
            out.latin1(REDACTED);
            return e;
        }

        /**
         * Replaces a dotted word that contains known names. Labels are matched whole and
         * case-insensitively, longest first; unknown labels right in front of a known domain name a
         * host in that domain and are hidden with it (db3.corp.acme.com → host-2.domain-1.example);
         * other unknown labels stay, except those that are user names.
         */
        private void replaceName(String word, Bytes out) {
            String r = nameCache.get(word);
            if (r == null) {
                r = nameReplacement(word);
                if (nameCache.size() >= CACHE_SIZE) {
                    nameCache.clear();
                }
                nameCache.put(word, r);
            }
            out.latin1(r);
        }

        /**
         * What {@link #replaceName} writes, by word: the same few names (the host's own) recur on
         * most lines, and a name's tokens never change once made, so the replacement is worked
         * out (split, lower-case, look up label by label) once per word, not once per occurrence.
         */
        private final java.util.HashMap<String, String> nameCache = new java.util.HashMap<>();

        private String nameReplacement(String word) {
            String[] labels = word.split("\\.");
            int n = labels.length;
            String[] lower = new String[n];
            for (int i = 0; i < n; i++) {
                lower[i] = labels[i].toLowerCase(Locale.ROOT);
            }
            List<String> pieces = new ArrayList<>(n);
            int pending = 0;
            int i = 0;
            while (i < n) {
                int best = -1;
                boolean isDomain = false;
                String found = null;
                for (int j = Math.min(n, i + maxLabels); j > i; j--) {
                    String candidate = join(lower, i, j);
                    if (domains.contains(candidate)) {
                        best = j;
                        isDomain = true;
                        found = candidate;
                        break;
                    }
                    if (hosts.contains(candidate)) {
                        best = j;
                        found = candidate;
                        break;
                    }
                }
                if (best < 0) {
                    i++;
                    continue;
                }
                if (isDomain && i > pending) {
                    pieces.add(tokens.host(join(lower, pending, i)) + "." + tokens.domain(found));
                } else {
                    keepLabels(labels, lower, pending, i, pieces);
                    pieces.add(isDomain ? tokens.domain(found) : hostToken(found));
                }
                i = best;
                pending = best;
            }
            keepLabels(labels, lower, pending, n, pieces);
            return String.join(".", pieces);
        }

        private void keepLabels(String[] labels, String[] lower, int from, int to, List<String> pieces) {
            for (int k = from; k < to; k++) {
                pieces.add(users.contains(lower[k]) ? tokens.user(lower[k]) : labels[k]);
            }
        }

        /** A known host name: short → host-N; in a known domain → host-N.domain-M.example. */
        private String hostToken(String name) {
            int dot = name.indexOf('.');
            if (dot < 0) {
                return tokens.host(name);
            }
            for (int d = dot; d >= 0; d = name.indexOf('.', d + 1)) {
                String suffix = name.substring(d + 1);
                if (domains.contains(suffix)) {
                    return tokens.host(name.substring(0, d)) + "." + tokens.domain(suffix);
                }
            }
            // Its domain is generic (node1.localdomain): hide the host, keep the domain visible.
            return tokens.host(name.substring(0, dot)) + name.substring(dot);
        }
    }

    private static String join(String[] parts, int from, int to) {
        if (to - from == 1) {
            return parts[from];
        }
        StringBuilder sb = new StringBuilder();
        for (int k = from; k < to; k++) {
            if (k > from) {
                sb.append('.');
            }
            sb.append(parts[k]);
        }
        return sb.toString();
    }

    /** {@link SecretKeys#isSecretKey}, or one of the user's secret keys (the whole name, or its last words). */
    private boolean isSecretKey(String rawKey, char separator) {
        if (SecretKeys.isSecretKey(rawKey, separator)) {
            return true;
        }
        if (extraKeys.isEmpty()) {
            return false;
        }
        String k = rawKey.toLowerCase(Locale.ROOT).replaceAll("^[-\"']+|[\"']+$", "");
        for (String e : extraKeys) {
            if (k.equals(e) || k.endsWith("_" + e) || k.endsWith("." + e) || k.endsWith("-" + e)) {
                return true;
            }
        }
        return false;
    }

    /** '=' for =, => and :=; ':' for a colon: the one distinction {@link SecretKeys} makes. */
    private static char separator(String sep) {
        String s = sep.strip();
        return s.equals(":") ? ':' : '=';
    }

    private static boolean hasOpenPem(String v) {
        int pem = v.indexOf("-----BEGIN");
        return pem >= 0 && v.indexOf("-----END", pem) < 0;
    }

    private static int indentation(String s) {
        int i = 0;
        while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) {
            i++;
        }
        return i;
    }

    /** Whether only indentation, "export " or a YAML list dash precede {@code keyStart} on the line. */
    private static boolean onlyIndentBefore(String s, int keyStart) {
        String before = s.substring(0, keyStart).strip();
        return before.isEmpty() || before.equals("-") || before.equals("export");
    }

    /** Whether group {@code g} is in the pattern and took part in the match. */
    private static boolean has(Matcher m, int g) {
        return g >= 0 && m.start(g) >= 0;
    }

    /** Where a one-word value ends. */
    private static int tokenEnd(String s, int from) {
        int i = from;
        int len = s.length();
        while (i < len) {
            char c = s.charAt(i);
            if (c <= ' ' || c == '"' || c == '\'' || c == ',' || c == ';' || c == '&' || c == '<' || c == '>'
                    || c == ')' || c == ']' || c == '}' || c == '`') {
                break;
            }
            i++;
        }
        return i;
    }

    /** The end of the line, or the first NUL (environ files separate settings with NULs). */
    private static int nulOrEnd(String s, int from) {
        int nul = s.indexOf('\0', from);
        return nul < 0 ? s.length() : nul;
    }

    private static int trimEnd(String s, int from, int to) {
        int e = to;
        while (e > from && s.charAt(e - 1) <= ' ') {
            e--;
        }
        return e;
    }

    /** The index of the closing quote, honouring backslash escapes; -1 when not on this line. */
    private static int closingQuote(String s, int from, char quote) {
        for (int i = from; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == quote) {
                return i;
            }
        }
        return -1;
    }
}
