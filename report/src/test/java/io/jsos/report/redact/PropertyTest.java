package io.jsos.report.redact;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;

/**
 * Property-style: random IPv4 and IPv6 addresses, MACs (three spellings) and host names embedded in
 * random text with random punctuation around them. Every one must be replaced, the filler must be
 * untouched, and the mapping must give back every original.
 */
class PropertyTest {

    private static final Pattern TOKEN = Pattern.compile(
            "ip4-\\d+\\.\\d+|ip6-\\d+\\.\\d+|mac-\\d+|host-\\d+(?:\\.domain-\\d+\\.example)?");
    private static final String[] PREFIX = {"", "(", "[", "\"", "'", "to ", "at=", "<"};
    private static final String[] SUFFIX = {"", ")", "]", "\"", "'", ",", ";", ".", ">"};

    private enum Kind { IP4, IP6, MAC, HOST }

    private record Planted(Kind kind, String text, String canonical) {
    }

    @RepeatedTest(40)
    void everyPlantedValueIsReplacedAndReversible(RepetitionInfo info) {
        Random rnd = new Random(1000 + info.getCurrentRepetition());
        String domain = word(rnd, 6) + "-" + word(rnd, 5) + ".com";
        List<String> hosts = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            hosts.add(word(rnd, 4) + rnd.nextInt(100));
        }
        RedactionFacts facts = new RedactionFacts(Set.of(hosts.get(0) + "." + domain), Set.of(domain), Set.of());
        DefaultRedactor r = new DefaultRedactor(facts);

        StringBuilder text = new StringBuilder();
        List<Planted> planted = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            int filler = rnd.nextInt(4);
            for (int f = 0; f < filler; f++) {
                text.append(word(rnd, 3 + rnd.nextInt(6))).append(rnd.nextInt(8) == 0 ? "\n" : " ");
            }
            Planted p = switch (Kind.values()[rnd.nextInt(4)]) {
                case IP4 -> ip4(rnd);
                case IP6 -> ip6(rnd);
                case MAC -> mac(rnd);
                case HOST -> host(rnd, hosts, domain);
            };
            planted.add(p);
            String suffix = SUFFIX[rnd.nextInt(SUFFIX.length)];
            text.append(PREFIX[rnd.nextInt(PREFIX.length)]).append(p.text()).append(suffix).append(' ');
        }
        String in = text.toString();
        String out = r.redact(in);
        Map<String, String> map = r.mapping();

        for (Planted p : planted) {
            assertThat(out.toLowerCase(Locale.ROOT)).as("%s in %s", p, out).doesNotContain(p.text().toLowerCase(Locale.ROOT));
        }
        Matcher m = TOKEN.matcher(out);
        List<String> back = new ArrayList<>();
        while (m.find()) {
            String t = m.group();
            int dot = t.indexOf(".domain-");
            back.add(dot < 0 ? map.get(t) : map.get(t.substring(0, dot)) + "." + map.get(t.substring(dot + 1)));
        }
        assertThat(back).as("input %s%noutput %s", in, out)
                .containsExactlyElementsOf(planted.stream().map(Planted::canonical).toList());
        // and nothing else changed: replacing each token by its original gives the input back (modulo spelling)
        String restored = TOKEN.matcher(out).replaceAll(x -> "V");
        String expected = in;
        for (Planted p : planted) {
            expected = expected.replaceFirst(Pattern.quote(p.text()), "V");
        }
        assertThat(restored).isEqualTo(expected);
    }

    private static String word(Random rnd, int len) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < len; i++) {
            sb.append((char) ('g' + rnd.nextInt(20))); // g..z: never hex, never a digit
        }
        return sb.toString();
    }

    private static Planted ip4(Random rnd) {
        int a;
        do {
            a = 1 + rnd.nextInt(223);
        } while (a == 127);
        String s = a + "." + rnd.nextInt(256) + "." + rnd.nextInt(256) + "." + rnd.nextInt(256);
        return new Planted(Kind.IP4, s, s);
    }

    private static Planted ip6(Random rnd) {
        int[] g = new int[8];
        g[0] = 0x2001;
        g[1] = 0xdb8;
        for (int i = 2; i < 8; i++) {
            g[i] = rnd.nextInt(4) == 0 ? 0 : rnd.nextInt(0x10000);
        }
        g[7] |= 0x100; // never ::1-like
        byte[] b = new byte[16];
        for (int i = 0; i < 8; i++) {
            b[2 * i] = (byte) (g[i] >>> 8);
            b[2 * i + 1] = (byte) g[i];
        }
        String canonical = Addresses.formatIpv6(b);
        String text;
        if (rnd.nextBoolean()) {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < 8; i++) {
                sb.append(i > 0 ? ":" : "").append(String.format(rnd.nextBoolean() ? "%04x" : "%X", g[i]));
            }
            text = sb.toString();
        } else {
            text = rnd.nextBoolean() ? canonical : canonical.toUpperCase(Locale.ROOT);
        }
        return new Planted(Kind.IP6, text, canonical);
    }

    private static Planted mac(Random rnd) {
        int[] b = new int[6];
        for (int i = 0; i < 6; i++) {
            b[i] = rnd.nextInt(256);
        }
        b[0] = b[0] & 0xfc | 0x02; // locally administered unicast: never all zeros or ones
        String colon = String.format("%02x:%02x:%02x:%02x:%02x:%02x", b[0], b[1], b[2], b[3], b[4], b[5]);
        String text = switch (rnd.nextInt(3)) {
            case 0 -> rnd.nextBoolean() ? colon : colon.toUpperCase(Locale.ROOT);
            case 1 -> colon.replace(':', '-').toUpperCase(Locale.ROOT);
            default -> String.format("%02x%02x.%02x%02x.%02x%02x", b[0], b[1], b[2], b[3], b[4], b[5]);
        };
        return new Planted(Kind.MAC, text, colon);
    }

    private static Planted host(Random rnd, List<String> hosts, String domain) {
        String h = hosts.get(rnd.nextInt(hosts.size()));
        String fqdn = h + "." + domain;
        return new Planted(Kind.HOST, rnd.nextBoolean() ? fqdn : fqdn.toUpperCase(Locale.ROOT), fqdn);
    }
}
