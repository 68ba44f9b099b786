package io.jsos.report.redact;

import java.io.OutputStream;
import java.util.Map;
import java.util.Objects;

/**
 * The redactor of jsos bundles: hides what identifies a customer's systems or unlocks them, in one
 * streaming pass over every byte written.
 *
 * <h2>What is hidden, and why</h2>
 * <dl>
 *   <dt>Host and domain names ({@link RedactionFacts})</dt>
 *   <dd>They name the customer ({@code web1.corp.acme.com}). Matched case-insensitively as whole
 *       DNS labels, so {@code web1} is hidden in {@code /var/log/web1/},
 *       {@code https://web1.corp.acme.com:8443/x} and {@code web1_backup}, but not in
 *       {@code web10} or {@code web1-eth0}. A name in a known domain keeps its structure:
 *       {@code web1.corp.acme.com} → {@code host-1.domain-1.example}, and any other host of that
 *       domain ({@code db3.corp.acme.com}) is hidden too → {@code host-2.domain-1.example}.</dd>
 *   <dt>User names ({@link RedactionFacts})</dt>
 *   <dd>People's logins, as whole words ({@code /home/alice/}, {@code alice@host}) →
 *       {@code user-N}.</dd>
 *   <dt>IPv4 addresses</dt>
 *   <dd>They locate the network. A dotted quad (each octet 0-255, no leading zero) that is not glued
 *       to a letter or digit and not part of a longer dotted number ({@code 1.2.3.4.5},
 *       {@code v1.2.3.4} stay) → {@code ip4-N.L}, where N numbers the /24 and L is the real last
 *       octet, so addresses of one subnet visibly share a prefix. EC2-style names that spell an
 *       address ({@code ip-10-1-2-3}) get the same token. Kept: loopback, 0.0.0.0/8,
 *       255.255.255.255, netmasks and multicast groups (they identify nobody).</dd>
 *   <dt>IPv6 addresses</dt>
 *   <dd>Full, compressed and mixed forms, with a zone ({@code fe80::1%eth0} →
 *       {@code ip6-N.M%eth0}, N numbering the /64). Candidates are validated, so times ({@code 12:30:45}), C++ scopes
 *       ({@code std::vector}) and MAC addresses are not taken for addresses. Kept: {@code ::},
 *       {@code ::1}, multicast groups. An IPv4-mapped address keeps its form:
 *       {@code ::ffff:ip4-N.L}.</dd>
 *   <dt>Hardware addresses</dt>
 *   <dd>MACs identify machines (and vendors): 6 hex pairs separated by {@code :} or {@code -} (and
 *       8 or up to 20 pairs: EUI-64, WWNs, InfiniBand) → {@code mac-N}. Kept: all zeros, all ones.</dd>
 *   <dt>Secret settings</dt>
 *   <dd>The value of a setting whose name says it is a secret (see {@code SecretKeys}:
 *       {@code password}, {@code db_password}, {@code api_key}, {@code X-Auth-Token}, but not
 *       {@code keyboard} or {@code password_file}) in {@code key=value}, {@code key = value} (INI),
 *       {@code key: value} (YAML), {@code "key": "value"} (JSON), {@code --key=value},
 *       {@code --key value}, {@code <key>value</key>} and {@code directive value} alone on a line
 *       ({@code requirepass x}). A setting alone on its line owns the rest of the line; elsewhere
 *       the value is one word. Quotes stay, the scheme of {@code Authorization: Bearer x} stays.
 *       Booleans, absolute paths and YAML block indicators are not secrets and stay.</dd>
 *   <dt>Keys and tokens</dt>
 *   <dd>PEM private keys (the BEGIN and END lines stay, the body becomes one {@code <redacted>}
 *       line, across any number of lines and writes), bearer tokens, JWTs, passwords in URLs
 *       ({@code scheme://user:<redacted>@host}), Ceph keys ({@code AQ...==}), AWS access key ids,
 *       GitHub, GitLab, Slack, Google and Stripe tokens, crypt(3) password hashes.</dd>
 * </dl>
 * Names and addresses become consistent tokens (see {@link TokenMap}) that {@link #mapping()}
 * reverses. Secrets become the fixed marker {@value #REDACTED} and are never mapped:
 * the mapping is kept beside the bundle by its owner, and must not become a list of their
 * passwords.
 *
 * <h2>How</h2>
 * Bytes are decoded as ISO-8859-1 (one byte, one char), so any content, UTF-8 or not, comes out
 * byte for byte where no rule matches. The input is cut into lines (at most 64 KiB; longer runs
 * are processed in chunks) and each line is scanned once by a single pattern that combines all
 * rules ({@code RedactionRules}), not once per rule, tried only where a cheap pre-filter
 * ({@code CandidateFilter}) says a rule can start. Throughput (one thread) is measured by
 * {@code RedactorBenchmark} (JMH) and reported in bench/redaction.md.
 *
 * <p>Beyond the shapes above: short password flags of known programs ({@link ProgramFlags}), YAML
 * block values and Kubernetes env entries whose name is a secret, short host names and names with
 * underscores, hex addresses in /proc/net files (by path, see {@link #wrap(OutputStream, String)}),
 * and the user's and collectors' rules ({@link RedactionConfig}). docs/redaction.md has the whole list.
 *
 * <p>Thread-safe: one instance serves all collectors; each {@link #wrap(OutputStream)} stream is
 * for one writer.
 */
public final class DefaultRedactor implements Redactor {

    /** What a secret value is replaced with. */
    public static final String REDACTED = RedactionRules.REDACTED;

    private final RedactionFacts facts;
    private final TokenMap tokens;
    private final RedactionRules rules;
    private final RedactionConfig config;

    /**
     * A redactor hiding {@code facts} and the shapes above, recording tokens in {@code tokens}
     * (share one TokenMap between redactors to share tokens).
     */
    public DefaultRedactor(RedactionFacts facts, TokenMap tokens) {
        this(facts, tokens, RedactionConfig.NONE, true);
    }

    /**
     * A redactor that also applies {@code config}: the user's rules, the rules collectors declare
     * about their files. The names of {@code tokens} (a reused map) are hidden too.
     */
    public DefaultRedactor(RedactionFacts facts, TokenMap tokens, RedactionConfig config) {
        this(facts, tokens, config, true);
    }

    /** Tests: {@code prefilter} false scans without {@link CandidateFilter}, to compare the two. */
    DefaultRedactor(RedactionFacts facts, TokenMap tokens, boolean prefilter) {
        this(facts, tokens, RedactionConfig.NONE, prefilter);
    }

    DefaultRedactor(RedactionFacts facts, TokenMap tokens, RedactionConfig config, boolean prefilter) {
        Objects.requireNonNull(facts, "facts");
        this.tokens = Objects.requireNonNull(tokens, "tokens");
        this.facts = facts.merge(tokens.names());
        Objects.requireNonNull(config, "config");
        java.util.Set<String> mapWords = tokens.words(); // the words of a reused map stay hidden
        this.config = mapWords.isEmpty() ? config : config.plus(new RedactionConfig(java.util.List.copyOf(mapWords),
                RedactionFacts.empty(), java.util.Set.of(), java.util.List.of(), java.util.List.of()));
        this.rules = new RedactionRules(this.facts, tokens, this.config, prefilter);
    }

    /** A redactor with its own, new {@link TokenMap}. */
    public DefaultRedactor(RedactionFacts facts) {
        this(facts, new TokenMap());
    }

    @Override
    public OutputStream wrap(OutputStream sink) {
        return new RedactingOutputStream(rules, sink);
    }

    @Override
    public OutputStream wrap(OutputStream sink, String bundlePath) {
        RedactionConfig.FileContent content = config.contentOf(bundlePath);
        if (content == RedactionConfig.FileContent.SECRET) {
            return new SecretFileStream(sink);
        }
        return new RedactingOutputStream(rules, sink, content);
    }

    /** A redactor with these facts and tokens and {@code more} rules too (e.g. what collectors declare). */
    public DefaultRedactor withConfig(RedactionConfig more) {
        return new DefaultRedactor(facts, tokens, config.plus(more));
    }

    /** The rules this redactor applies beyond its facts. */
    public RedactionConfig config() {
        return config;
    }

    /** A file declared secret: whatever is written, one marker line comes out. */
    private static final class SecretFileStream extends java.io.FilterOutputStream {
        private long bytes;
        private boolean closed;

        SecretFileStream(OutputStream sink) {
            super(sink);
        }

        @Override
        public void write(int b) {
            bytes++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            bytes += len;
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() throws java.io.IOException {
            if (closed) {
                return;
            }
            closed = true;
            try {
                out.write(("<redacted: this file is declared secret; " + bytes + " bytes>\n")
                        .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            } finally {
                out.close();
            }
        }
    }

    @Override
    public Map<String, String> mapping() {
        return tokens.mapping();
    }

    /** The names this redactor hides. */
    public RedactionFacts facts() {
        return facts;
    }

    /** The token table this redactor records into. */
    public TokenMap tokens() {
        return tokens;
    }
}
