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
 *       {@code ip6-N%eth0}). Candidates are validated, so times ({@code 12:30:45}), C++ scopes
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
 * ({@code CandidateFilter}) says a rule can start. One thread redacts about 70 MB/s of /proc-like
 * text and about 20 MB/s of logs or config files dense in names and settings (see
 * {@code RedactorThroughputTest}).
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

    /**
     * A redactor hiding {@code facts} and the shapes above, recording tokens in {@code tokens}
     * (share one TokenMap between redactors to share tokens).
     */
    public DefaultRedactor(RedactionFacts facts, TokenMap tokens) {
        this(facts, tokens, true);
    }

    /** Tests: {@code prefilter} false scans without {@link CandidateFilter}, to compare the two. */
    DefaultRedactor(RedactionFacts facts, TokenMap tokens, boolean prefilter) {
        this.facts = Objects.requireNonNull(facts, "facts");
        this.tokens = Objects.requireNonNull(tokens, "tokens");
        this.rules = new RedactionRules(facts, tokens, prefilter);
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
