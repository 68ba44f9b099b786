package io.jsos.report.redact;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The candidate pre-filter is only an optimisation: scanning with it must give exactly what the
 * plain pattern scan gives. Random lines made of things the rules look for, glued with all kinds of
 * separators, catch a filter that forgets a position where a rule can start.
 */
class PrefilterEquivalenceTest {

    private static final List<String> PIECES = List.of(
            "web1", "WEB1", "web1.corp.acme.com", "db3.Corp.Acme.com", "acme.com", "lab.acme.com", "web1-mgmt",
            "alice", "Bob", "j.doe", "alice.web1", "..web1", ".web1", "-.web1", "x.web1", "web10",
            "10.1.2.3", "192.168.0.1", "1.2.3.4.5", "255.255.255.0", "127.0.0.1", "ip-10-1-2-3", "IP-10-0-0-1",
            "fe80::1%eth0", "2001:db8::5", "::1", "::ffff:10.1.2.3", "12:30:45", "std::vector", "a::b",
            "52:54:00:12:34:56", "AA-BB-CC-DD-EE-FF", "00:11:22:33:44:55:66:77",
            "password=hunter2", "db_password: x y", "\"token\": \"abc\"", "'secret':'s'", "--password x", "--key=k",
            "-token t", "<password>p</password>", "requirepass foo", "PasswordAuthentication no", "keyboard=us",
            "api_key = abc", "Authorization: Bearer abcdefghij", "bearer abcdefghijk", "Cookie: a=b",
            "eyJhbGciOi.eyJzdWIi.sig", "AKIAIOSFODNN7EXAMPLE", "ghp_0123456789abcdefghijABCDEFGHIJ012345",
            "xoxb-1234567890-abc", "AQBvaBFZAAAAABAA9VHgwCg3rWn8fMaX8KL01A==", "$6$saltsalt$0123456789abcdefghijkl",
            "https://alice:pw@web1.corp.acme.com:8443/x", "postgres://u:p@db/x", "s3://bucket/key",
            "-----BEGIN PRIVATE KEY-----", "-----END PRIVATE KEY-----", "MIIEbody",
            "caf\u00e9", "\u00ff\u00fe", "\u0000", "\t", "x", "42", "0x1f", "a_b", "k=v", "PWD=/home/alice");
    private static final String GLUE = " ,;:=/\\\"'<>()[]{}@%#-_.\t\u0000+*&|";

    private static final List<String> MORE_PIECES = List.of(
            "mysql", "/usr/bin/mysql", "-psecret", "-p", "sshpass", "-w", "ldapsearch", "-a", "redis-cli", "-P",
            "ipmitool", "curl", "-u", "--user", "admin:pw", "mkdir", "ssh", "- name: DB_PASSWORD", "name", "\"name\": \"api_token\"", "value: x",
            "\"value\": \"v\"", "value", "vm", "vm.swappiness", "/proc/sys/vm", "db", "my_host", "MY_HOST.corp.acme.com",
            "projectx", "ProjectX", "mycorp_sig=abc", "5254.0012.3456", "1234.5678.9abc.def0", "password: |",
            "5.13.3.202401111512", "sys/vm", "@vm", "vm:", "github_pat_0123456789abcdefghijkl_x", "glpat-0123456789abcdefghij",
            "gho_0123456789abcdefghijABCDEFGHIJ012345", "ghx_0123456789abcdefghijABCDEFGHIJ012345", "global", "gh", "key_file",
            "requirepass", "password x", "  password", "password\r");

    @Test
    void filteredAndUnfilteredScansAgreeWithTheNewRules() {
        RedactionFacts facts = new RedactionFacts(Set.of("web1.corp.acme.com", "vm", "db", "my_host"),
                Set.of("corp.acme.com"), Set.of("alice"));
        RedactionConfig config = RedactionConfig.parse("words: [projectx]\nsecretKeys: [mycorp_sig]\n");
        List<String> pieces = new java.util.ArrayList<>(PIECES);
        pieces.addAll(MORE_PIECES);
        Random random = new Random(11);
        for (int round = 0; round < 600; round++) {
            String in = randomDocument(random, pieces);
            String filtered = new DefaultRedactor(facts, new TokenMap(), config, true).redact(in);
            String plain = new DefaultRedactor(facts, new TokenMap(), config, false).redact(in);
            assertThat(filtered).as("input %s", in).isEqualTo(plain);
        }
    }

    @Test
    void filteredAndUnfilteredScansAgree() {
        Random random = new Random(7);
        for (int round = 0; round < 400; round++) {
            String in = randomDocument(random, PIECES);
            String filtered = new DefaultRedactor(Fixtures.facts(), new TokenMap(), true).redact(in);
            String plain = new DefaultRedactor(Fixtures.facts(), new TokenMap(), false).redact(in);
            assertThat(filtered).as("input %s", in).isEqualTo(plain);
        }
    }

    /** The benchmarks' bundle-like text (logs, /proc, config files, JSON): what the fast paths are tuned for. */
    @Test
    void filteredAndUnfilteredScansAgreeOnBundleLikeText() {
        for (byte[] corpus : List.of(BenchCorpus.realistic(BenchCorpus.MB), BenchCorpus.distinctAddresses(5_000, 1_000))) {
            String in = new String(corpus, java.nio.charset.StandardCharsets.ISO_8859_1);
            String filtered = new DefaultRedactor(BenchCorpus.facts(), new TokenMap(), true).redact(in);
            String plain = new DefaultRedactor(BenchCorpus.facts(), new TokenMap(), false).redact(in);
            assertThat(filtered).isEqualTo(plain);
        }
    }

    private static final List<String> ADDRESS_PIECES = List.of(
            "10.1.2.3", "255.255.255.255", "256.1.1.1", "01.2.3.4", "1.2.3.4.5", "1.2.3", "0.0.0.0", "1234.1.1.1",
            "::ffff:10.1.2.3", "fe80::1%eth0", "fe80::1%eth0.100", "fe80::1%", "fe80::1%eth0:", "2001:db8::5", "::", "::1",
            "1:2:3:4:5:6:7:8", "1:2:3:4:5:6:7:8:9", "12345::1", "a:b:c", "12:30:45", "std::vector", "::1.2.3.4",
            "1:2:3:4:5:6:1.2.3.4", "52:54:00:12:34:56", "AA-BB-CC-DD-EE-FF", "52:54-00:12:34:56", "00:11:22:33:44:55:66:77",
            "5254.0012.3456", "5254.0012.3456.7", "de:ad:be:ef:00:01:02:03:04:05:06:07:08:09:0a:0b:0c:0d:0e:0f:10:11",
            "de-ad-be-ef-00-01-02-03-04-05-06-07-08-09-0a-0b-0c-0d-0e-0f", "00:11:22:33:44");
    private static final String ADDRESS_CHARS = "0123456789abcdefABCDEFgxz:::...---%%_ /\té";

    /**
     * The hand-written address matcher decides exactly as the address patterns it replaces on the
     * hot path: at every position of random and adversarial text, the same rule and the same end
     * (or it says it is unsure, and the pattern is asked).
     */
    @Test
    void addressMatcherAgreesWithTheAddressPatterns() {
        java.util.regex.Pattern reference = new RedactionRules(RedactionFacts.empty(), new TokenMap()).addressPattern();
        java.util.regex.Matcher m = reference.matcher("").useTransparentBounds(true).useAnchoringBounds(false);
        AddressMatcher hand = new AddressMatcher();
        Random random = new Random(5);
        int decided = 0;
        int unsure = 0;
        for (int round = 0; round < 20_000; round++) {
            String s = mixedText(random, ADDRESS_PIECES, ADDRESS_CHARS, 6, 8);
            m.reset(s);
            for (int p = 0; p < s.length(); p++) {
                int rule = hand.match(s, p);
                if (rule == AddressMatcher.UNSURE) {
                    unsure++;
                    continue;
                }
                decided++;
                m.region(p, s.length());
                boolean found = m.lookingAt();
                String at = "at " + p + " of [" + s + "]";
                if (rule == AddressMatcher.NONE) {
                    assertThat(found).as("%s: pattern found %s", at, found ? m.group() : "").isFalse();
                    continue;
                }
                assertThat(found).as("%s", at).isTrue();
                String group = new String[] {null, "mac", "cmac", "ip4", "ip6"}[rule];
                assertThat(m.start(group)).as("%s: rule %s", at, group).isEqualTo(p);
                assertThat(hand.end).as("%s", at).isEqualTo(m.end());
                if (rule == AddressMatcher.IP6) {
                    assertThat(hand.candEnd).as("%s", at).isEqualTo(m.end("ip6"));
                }
                if (rule == AddressMatcher.IP4) { // the value read while matching, not parsed again
                    assertThat(hand.ip4).as("%s", at).isEqualTo(Addresses.parseIpv4(s, p, hand.end, '.'));
                }
            }
        }
        assertThat(unsure).as("the hand-written path decides most positions").isLessThan(decided / 10);
    }

    private static final List<String> NAME_PIECES = List.of("web1", "WEB1", "Web1", "web1.corp.acme.com", "db3.Corp.ACME.com",
            "corp.acme.com", "acme.com", "lab.acme.com", "x.lab.acme.com", "web1-mgmt", "web10", "web1-", "-web1", "vm", "VM",
            "a.b", "..", ".", "-", "_", " ", "/", ":", "1", "w\u00e9b1", "\u00c0", "corp.acme.comx", "web1..corp");
    private static final String NAME_CHARS = "abcw1.-_ :/V\u00e9";

    /**
     * The hand-written name matcher decides as the name pattern alone does, at every position of
     * random text made of names, their parts and their neighbours, in any case.
     */
    @Test
    void nameMatcherAgreesWithTheNamePattern() {
        RedactionRules rules = new RedactionRules(new RedactionFacts(Set.of("web1.corp.acme.com", "web1-mgmt", "vm", "x"),
                Set.of("corp.acme.com", "lab.acme.com"), Set.of("alice")), new TokenMap());
        Random random = new Random(13);
        assertAgreesWithPattern(rules.rulePattern("name"), rules.nameMatcher()::match,
                () -> mixedText(random, NAME_PIECES, NAME_CHARS, 6, 4));
    }

    /**
     * At every position of 20 000 texts from {@code texts}, {@code hand} gives where the pattern's
     * match ends (-1 where it does not match), and the pattern matches at 5 000 positions or more.
     */
    private static void assertAgreesWithPattern(java.util.regex.Pattern pattern,
            java.util.function.ToIntBiFunction<String, Integer> hand, java.util.function.Supplier<String> texts) {
        java.util.regex.Matcher m = pattern.matcher("").useTransparentBounds(true).useAnchoringBounds(false);
        int matched = 0;
        for (int round = 0; round < 20_000; round++) {
            String s = texts.get();
            m.reset(s);
            for (int p = 0; p < s.length(); p++) {
                m.region(p, s.length());
                int expected = m.lookingAt() ? m.end() : -1;
                assertThat(hand.applyAsInt(s, p)).as("at %d of [%s]", p, s).isEqualTo(expected);
                matched += expected >= 0 ? 1 : 0;
            }
        }
        assertThat(matched).as("positions where the pattern matches").isGreaterThan(5_000);
    }

    /**
     * The hand-written user matcher decides as the user pattern alone does (the longest of
     * overlapping names first), at every position of random text of names in any case.
     */
    @Test
    void userMatcherAgreesWithTheUserPattern() {
        RedactionRules rules = new RedactionRules(new RedactionFacts(Set.of("web1"), Set.of(),
                Set.of("alice", "al", "alice.b", "j.doe", "bob", "b-o", "jos\u00e9")), new TokenMap());
        List<String> pieces = List.of("alice", "ALICE", "Al", "alice.b", "alice.bob", "j.doe", "J.DOE", "bob", "B-O", "b-o-",
                "jos\u00e9", "JOS\u00c9", "_", "-", ".", " ", "/", "@", "1", "x", "\u00e9");
        Random random = new Random(29);
        assertAgreesWithPattern(rules.rulePattern("user"), rules.userMatcher()::match, () -> pieces(random, pieces, 6));
    }

    /**
     * The hand-written short-name matcher decides as the short pattern alone does (names that are
     * prefixes of others, case, what may stand before and after, /sys/ paths, a final NEL), at every
     * position of random text.
     */
    @Test
    void shortMatcherAgreesWithTheShortPattern() {
        RedactionRules rules = new RedactionRules(new RedactionFacts(Set.of("vm", "v", "db", "d1", "web1"),
                Set.of(), Set.of()), new TokenMap());
        assertThat(rules.shortMatcher()).isNotNull();
        List<String> pieces = List.of("vm", "v", "db", "d1", "vm", "v", "db", "d1", " ", " ", "VM", "Db", "vmx", "web1", "sys/",
                "/", " ", "\t", "\0",
                ".", "..", "-", "_", "@", "=", ",", ";", ":", "(", ")", "[", "]", "{", "}", "<", ">", "\"", "'", "a", "1",
                "\u0085", "\r", "\n", "\u00e9");
        Random random = new Random(31);
        assertAgreesWithPattern(rules.rulePattern("short"), rules.shortMatcher()::match, () -> pieces(random, pieces, 10));
    }

    /** 1 to {@code most} of {@code pieces}, glued. */
    private static String pieces(Random random, List<String> pieces, int most) {
        StringBuilder text = new StringBuilder();
        int n = 1 + random.nextInt(most);
        for (int k = 0; k < n; k++) {
            text.append(pieces.get(random.nextInt(pieces.size())));
        }
        return text.toString();
    }

    /**
     * Where {@link RedactionRules#secretMayStart} says no, the secret-setting patterns never
     * match: random documents of settings, flags, quoted keys, XML, directives and their parts.
     */
    @Test
    void secretRulesNeverMatchWhereTheQuickCheckSaysNo() {
        RedactionRules rules = new RedactionRules(RedactionFacts.empty(), new TokenMap(),
                RedactionConfig.parse("secretKeys: [mycorp_sig]\n"), true);
        java.util.regex.Matcher m = rules.rulePattern(RedactionRules.SECRET_RULES.toArray(String[]::new)).matcher("")
                .useTransparentBounds(true).useAnchoringBounds(false);
        List<String> pieces = new java.util.ArrayList<>(PIECES);
        pieces.addAll(MORE_PIECES);
        pieces.addAll(List.of("key", "KEY", "pass", "token", "mycorp_sig", " = ", ": ", "=>", ":=", "==", "::", ":/", "\t",
                "<", ">", "--", "-", "\"", "'", ".", "_"));
        Random random = new Random(23);
        int said = 0;
        int matched = 0;
        for (int round = 0; round < 4_000; round++) {
            String doc = randomDocument(random, pieces);
            String s = doc.substring(0, doc.indexOf('\n')); // one line, as the scanner sees it
            m.reset(s);
            for (int p = 0; p < s.length(); p++) {
                m.region(p, s.length());
                boolean found = m.lookingAt();
                matched += found ? 1 : 0;
                if (!RedactionRules.secretMayStart(s, p)) {
                    said++;
                    assertThat(found).as("at %d of [%s]: %s", p, s, found ? m.group() : "").isFalse();
                }
            }
        }
        assertThat(matched).as("positions where a secret rule matches").isGreaterThan(2_000);
        assertThat(said).as("positions ruled out").isGreaterThan(20_000);
    }

    /**
     * {@link RedactionRules#setting}, the "setting" rule by hand, against its pattern at every
     * position of random lines of settings, their parts and adversarial glue (operators "=>",
     * ":=", "==", "::", ":/", blanks at the end of the line, stems in upper case and cut, keys
     * glued to key characters, a stem with an upper-case letter, Latin-1 letters whose case ASCII does not fold): the same
     * positions match, with the same end, key end and separator.
     */
    @Test
    void settingByHandMatchesWhereItsPatternDoes() {
        RedactionRules rules = new RedactionRules(RedactionFacts.empty(), new TokenMap(),
                RedactionConfig.parse("secretKeys: [mycorp_sig, MyKey]\n"), true);
        java.util.regex.Matcher m = rules.rulePattern("setting").matcher("")
                .useTransparentBounds(true).useAnchoringBounds(false);
        List<String> pieces = new java.util.ArrayList<>(PIECES);
        pieces.addAll(MORE_PIECES);
        pieces.addAll(List.of("key", "KEY", "Pass", "pAsS", "pas", "tok", "token", "mycorp_sig", "MYCORP_SIG", "mykey",
                "p\u00e4ss", "P\u00c4SS", "x", "_", ".", "-", "--", " = ", ": ", "=>", ":=", "==", "::", ":/", "=", ":", "\t",
                " ", "  ", "\u00e9", "<", "\""));
        Random random = new Random(29);
        int matched = 0;
        for (int round = 0; round < 10_000; round++) {
            String doc = randomDocument(random, pieces);
            String s = doc.substring(0, doc.indexOf('\n'));
            if (random.nextInt(4) == 0) {
                s = s + (random.nextBoolean() ? " " : "\t");
            }
            m.reset(s);
            for (int p = 0; p < s.length(); p++) {
                m.region(p, s.length());
                long found = rules.setting(s, p);
                String at = "at " + p + " of [" + s + "]";
                if (!m.lookingAt()) {
                    assertThat(found).as("%s", at).isEqualTo(-1L);
                    continue;
                }
                matched++;
                assertThat(found).as("%s", at).isNotEqualTo(-1L);
                assertThat((int) found).as("end %s", at).isEqualTo(m.end());
                assertThat((int) (found >>> 32) & 0x3fffffff).as("key end %s", at).isEqualTo(m.end("skey"));
                assertThat((found & RedactionRules.SETTING_COLON) != 0).as("colon %s", at)
                        .isEqualTo(m.group("ssep").strip().equals(":"));
            }
        }
        assertThat(matched).as("positions where the setting rule matches").isGreaterThan(3_000);
    }

    /**
     * The redactor parses IPv6 candidates in place (no substring per candidate): every window of
     * random address-like text must parse, and be judged plausible, exactly as its substring is.
     */
    @Test
    void ipv6ParsedInPlaceAsItsSubstringIs() {
        Random random = new Random(9);
        int parsed = 0;
        for (int round = 0; round < 3_000; round++) {
            String s = mixedText(random, ADDRESS_PIECES, ADDRESS_CHARS, 4, 6);
            for (int from = 0; from < s.length(); from++) {
                for (int to = from; to <= s.length(); to++) {
                    String sub = s.substring(from, to);
                    byte[] expected = Addresses.parseIpv6(sub);
                    String at = "[" + from + ", " + to + ") of [" + s + "]";
                    assertThat(Addresses.parseIpv6(s, from, to)).as("%s", at).isEqualTo(expected);
                    assertThat(Addresses.plausibleIpv6(s, from, to)).as("%s", at).isEqualTo(Addresses.plausibleIpv6(sub));
                    parsed += expected != null ? 1 : 0;
                }
            }
        }
        assertThat(parsed).as("windows that are addresses").isGreaterThan(1_000);
    }

    /**
     * The scanner's one-pass IPv6 parser ({@link Ipv6Parser}) decides every window of random
     * address-like text as {@link Addresses#parseIpv6} and {@link Addresses#plausibleIpv6} do, with
     * the same 128 bits, and judges keeping and IPv4-mapping from them as the byte forms do.
     */
    @Test
    void ipv6ParserAsTheReference() {
        Random random = new Random(10);
        Ipv6Parser parser = new Ipv6Parser();
        int parsed = 0;
        int mapped = 0;
        int kept = 0;
        for (int round = 0; round < 3_000; round++) {
            String s = mixedText(random, ADDRESS_PIECES, ADDRESS_CHARS, 4, 6);
            for (int from = 0; from < s.length(); from++) {
                for (int to = from; to <= s.length(); to++) {
                    byte[] expected = Addresses.parseIpv6(s, from, to);
                    String at = "[" + from + ", " + to + ") of [" + s + "]";
                    assertThat(parser.parse(s, from, to)).as("%s", at).isEqualTo(expected != null);
                    if (expected == null) {
                        continue;
                    }
                    parsed++;
                    byte[] bits = java.nio.ByteBuffer.allocate(16).putLong(parser.high).putLong(parser.low).array();
                    assertThat(bits).as("%s", at).isEqualTo(expected);
                    assertThat(parser.plausible).as("%s", at).isEqualTo(Addresses.plausibleIpv6(s, from, to));
                    assertThat(Ipv6Parser.keep(parser.high, parser.low)).as("%s", at).isEqualTo(Addresses.keepIpv6(expected));
                    assertThat(Ipv6Parser.mappedIpv4(parser.high, parser.low)).as("%s", at)
                            .isEqualTo(Addresses.mappedIpv4(expected));
                    mapped += Addresses.mappedIpv4(expected) >= 0 ? 1 : 0;
                    kept += Addresses.keepIpv6(expected) ? 1 : 0;
                }
            }
        }
        assertThat(parsed).as("windows that are addresses").isGreaterThan(1_000);
        assertThat(mapped).as("IPv4-mapped windows").isGreaterThan(10);
        assertThat(kept).as("kept windows").isGreaterThan(10);
        // keep and mapping near their edges, which random text rarely reaches
        for (String a : List.of("::", "::1", "::2", "1::", "ff02::1", "ff02::1:ff00:1", "ff02::2:ff00:1", "ff02::1:fe00:1",
                "ff02:0:0:0:1:1:ff00:1", "ff02:1::1:ff12:3456", "fe80::1", "::ffff:10.1.2.3", "::fffe:10.1.2.3",
                "::1:ffff:10.1.2.3", "0:0:0:0:0:ffff:ffff:ffff", "ffff::", "100::ffff:1.2.3.4")) {
            byte[] expected = Addresses.parseIpv6(a);
            assertThat(parser.parse(a, 0, a.length())).as(a).isTrue();
            assertThat(Ipv6Parser.keep(parser.high, parser.low)).as(a).isEqualTo(Addresses.keepIpv6(expected));
            assertThat(Ipv6Parser.mappedIpv4(parser.high, parser.low)).as(a).isEqualTo(Addresses.mappedIpv4(expected));
        }
    }

    /** 1 to {@code parts} parts, each one of {@code pieces} or 1 to {@code chars} random characters of {@code alphabet}. */
    private static String mixedText(Random random, List<String> pieces, String alphabet, int parts, int chars) {
        StringBuilder text = new StringBuilder();
        int n = 1 + random.nextInt(parts);
        for (int k = 0; k < n; k++) {
            if (random.nextBoolean()) {
                text.append(pieces.get(random.nextInt(pieces.size())));
            } else {
                int count = 1 + random.nextInt(chars);
                for (int c = 0; c < count; c++) {
                    text.append(alphabet.charAt(random.nextInt(alphabet.length())));
                }
            }
        }
        return text.toString();
    }

    /** A few lines of random pieces joined by random glue, sometimes indented, sometimes CRLF. */
    private static String randomDocument(Random random, List<String> pieces) {
        StringBuilder text = new StringBuilder();
        int lines = 1 + random.nextInt(6);
        for (int l = 0; l < lines; l++) {
            int n = random.nextInt(12);
            if (random.nextInt(4) == 0) {
                text.append("  ");
            }
            for (int k = 0; k < n; k++) {
                text.append(pieces.get(random.nextInt(pieces.size())));
                int glue = random.nextInt(3);
                for (int g = 0; g < glue; g++) {
                    text.append(GLUE.charAt(random.nextInt(GLUE.length())));
                }
            }
            text.append(random.nextInt(5) == 0 ? "\r\n" : "\n");
        }
        return text.toString();
    }
}
