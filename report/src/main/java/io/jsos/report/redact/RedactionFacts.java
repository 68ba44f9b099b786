package io.jsos.report.redact;

import io.jsos.api.Host;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * What to hide that is specific to one host: its names, its DNS domains and its people.
 *
 * <p>Addresses and secrets are recognised by their shape wherever they appear; names are not (any
 * word could be a host name), so the redactor needs to be told which names identify this customer.
 * {@link #fromHost(Host)} reads them from the node; tests and {@code jsos clean} can build them by
 * hand.
 *
 * <p>The canonical constructor normalises and completes what it is given, so every instance obeys
 * the same rules however it was built:
 * <ul>
 *   <li>everything is lower-cased ({@link Locale#ROOT}), trimmed, and a trailing root dot is
 *       dropped ({@code web1.corp.acme.com.});
 *   <li>a host name with dots (an FQDN) also contributes its short name ({@code web1}) to
 *       {@link #hostNames()} and its domain ({@code corp.acme.com}) to {@link #domains()};
 *   <li>every domain also contributes its parent domains down to two labels ({@code corp.acme.com}
 *       gives {@code acme.com}, which names the customer just as well), stopping before a
 *       country-code second level such as {@code co.uk} or {@code com.au};
 *   <li>host names shorter than {@value #MIN_LENGTH} characters ({@code vm}, {@code db}) go to
 *       {@link #shortHostNames()}: hidden only as whole words where a host name stands, because
 *       found inside text they would rewrite every {@code vm.*} sysctl key; shorter user names and
 *       domains are dropped;
 *   <li>names without a letter are dropped (a host called {@code 123} would hide every number);
 *   <li>names that every Linux system has, or that are ordinary words in system output, are never
 *       hidden: {@code localhost}, {@code localdomain}, {@code root}, {@code nobody}, default cloud
 *       users such as {@code ubuntu}, generic domains such as {@code cluster.local}, and words such
 *       as {@code max} or {@code node} (a user called {@code max} must not turn every cgroup
 *       {@code memory.max} into a token). See {@link #isGeneric(String)}.
 * </ul>
 *
 * @param hostNames host names, short and fully qualified, lower case
 * @param domains DNS domains, lower case
 * @param userNames login names of people (uid 1000 and up), lower case
 * @param shortHostNames host names of one or two characters ({@code vm}, {@code db}): hidden only as a whole
 *     word in places where a host name stands, never inside a dotted key ({@code vm.swappiness}) or a word;
 *     filled from {@code hostNames} by the constructor
 */
public record RedactionFacts(Set<String> hostNames, Set<String> domains, Set<String> userNames,
        Set<String> shortHostNames) {

    /** Names shorter than this are never hidden (too many false positives). */
    public static final int MIN_LENGTH = 3;

    /** The lowest uid of a regular user on current distributions. */
    static final int FIRST_REGULAR_UID = 1000;

    /** The overflow uid ({@code nobody}), and its 32-bit unsigned "-2" cousin ({@code nfsnobody}). */
    private static final Set<Long> SPECIAL_UIDS = Set.of(65534L, 4294967294L);

    /**
     * Names that never identify a customer. Hiding them would only make the bundle unreadable:
     * {@code localhost} in /etc/hosts, {@code ubuntu} as the default user of a cloud image (and the
     * name of the distribution in os-release), {@code cluster.local} in every Kubernetes resolver.
     */
    private static final Set<String> GENERIC = Set.of(
            // loopback and the names Debian/Red Hat put in /etc/hosts
            "localhost", "localdomain", "localhost.localdomain", "localhost4", "localhost6",
            "localhost4.localdomain4", "localhost6.localdomain6", "ip6-localhost", "ip6-loopback",
            "ip6-localnet", "ip6-mcastprefix", "ip6-allnodes", "ip6-allrouters", "ip6-allhosts",
            "broadcasthost", "(none)", "none", "unknown",
            // generic and reserved domains
            "local", "lan", "home", "internal", "intranet", "corp", "private", "home.arpa",
            "in-addr.arpa", "ip6.arpa", "arpa", "invalid", "test", "example", "example.com",
            "example.net", "example.org", "cluster.local", "svc.cluster.local",
            "default.svc.cluster.local", "com", "net", "org", "edu", "gov", "mil", "int", "info",
            "biz", "io", "dev", "app", "cloud",
            // system and default accounts (most have uids below 1000 anyway)
            "root", "nobody", "nfsnobody", "daemon", "bin", "sys", "sync", "games", "man", "mail",
            "news", "uucp", "proxy", "www-data", "backup", "list", "irc", "gnats", "operator",
            "halt", "shutdown", "ftp", "sshd", "admin", "administrator", "user", "users", "guest",
            "ubuntu", "debian", "centos", "fedora", "rocky", "alma", "almalinux", "rhel", "suse",
            "ec2-user", "cloud-user", "core", "vagrant", "opc", "azureuser", "pi", "kali",
            "archlinux", "arch",
            // accounts that packages create, some with fixed uids of 1000 and up (Debian gives
            // 60000-64999 to them: ceph is 64045): the software's name, everywhere in its own
            // commands and logs, not a person's; hiding "ceph" would make a Ceph bundle unreadable
            "ceph", "libvirt-qemu", "libvirt-dnsmasq", "qemu", "openvswitch", "prometheus",
            "postgres", "mysql", "redis", "nginx", "haproxy", "etcd", "kubelet", "containerd",
            "chrony", "ntp", "polkitd", "dnsmasq", "rook", "grafana", "elasticsearch", "kafka",
            // words that are everywhere in system output
            "max", "min", "all", "any", "auto", "default", "host", "hostname", "node", "server",
            "client", "master", "worker", "data", "system", "service", "kernel", "linux", "share",
            "temp", "tmp", "log", "logs", "mark", "build", "deploy", "docker", "git", "www", "web",
            "api", "prod", "staging");

    /** Second-level labels under which a country code domain is public (co.uk, com.au, ...). */
    private static final Set<String> PUBLIC_SECOND_LEVEL = Set.of(
            "co", "com", "net", "org", "gov", "edu", "ac", "or", "ne", "go", "gv", "mil");

    /** Facts from host names, domains and user names (short host names are sorted out of the host names). */
    public RedactionFacts(Set<String> hostNames, Set<String> domains, Set<String> userNames) {
        this(hostNames, domains, userNames, Set.of());
    }

    public RedactionFacts {
        SortedSet<String> shortHosts = new TreeSet<>();
        SortedSet<String> hosts = new TreeSet<>();
        SortedSet<String> doms = new TreeSet<>();
        SortedSet<String> users = new TreeSet<>();
        for (String raw : nonNull(domains)) {
            addDomain(doms, normalise(raw));
        }
        for (String raw : nonNull(hostNames)) {
            String name = normalise(raw);
            if (!isHostName(name)) {
                continue;
            }
            int dot = name.indexOf('.');
            if (dot > 0) {
                addShortOrName(hosts, shortHosts, name.substring(0, dot));
                addDomain(doms, name.substring(dot + 1));
            }
            addShortOrName(hosts, shortHosts, name);
        }
        for (String raw : nonNull(shortHostNames)) {
            addShortOrName(hosts, shortHosts, normalise(raw));
        }
        for (String raw : nonNull(userNames)) {
            String name = raw == null ? "" : raw.trim().toLowerCase(Locale.ROOT);
            if (name.chars().allMatch(c -> isUserChar((char) c))) {
                addName(users, name);
            }
        }
        hostNames = Collections.unmodifiableSortedSet(hosts);
        domains = Collections.unmodifiableSortedSet(doms);
        userNames = Collections.unmodifiableSortedSet(users);
        shortHostNames = Collections.unmodifiableSortedSet(shortHosts);
    }

    /** These facts and {@code other}'s together (e.g. the names of a reused map, several nodes of a cluster). */
    public RedactionFacts merge(RedactionFacts other) {
        return new RedactionFacts(union(hostNames, other.hostNames), union(domains, other.domains),
                union(userNames, other.userNames), union(shortHostNames, other.shortHostNames));
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> u = new TreeSet<>(a);
        u.addAll(b);
        return u;
    }

    private static void addShortOrName(Set<String> hosts, Set<String> shortHosts, String name) {
        if (name.length() < MIN_LENGTH && name.indexOf('.') < 0) {
            if (!name.isEmpty() && hasLetter(name) && !GENERIC.contains(name) && isHostName(name)) {
                shortHosts.add(name);
            }
        } else {
            addName(hosts, name);
        }
    }

    /** Facts that hide no names (addresses and secrets are still hidden). */
    public static RedactionFacts empty() {
        return new RedactionFacts(Set.of(), Set.of(), Set.of(), Set.of());
    }

    /**
     * Reads the names to hide from the node, through {@code host} only:
     * <ul>
     *   <li>the host name from {@code /etc/hostname} and the kernel ({@code /proc/sys/kernel/hostname});
     *   <li>the host's own lines in {@code /etc/hosts}: lines that name the host (by its full or short
     *       name) or whose address is {@code 127.0.1.1} (where Debian puts the host's own name); all
     *       names on such a line are aliases of this host;
     *   <li>{@code search} and {@code domain} entries of {@code /etc/resolv.conf};
     *   <li>user names from {@code /etc/passwd} with a uid of {@value #FIRST_REGULAR_UID} or more,
     *       except the overflow user ({@code nobody}, 65534) and the accounts software packages
     *       create (such as {@code ceph}, uid 64045), which are {@linkplain #isGeneric generic}.
     * </ul>
     * Missing or unreadable files contribute nothing; this never throws for a broken host.
     */
    public static RedactionFacts fromHost(Host host) {
        Set<String> hosts = new TreeSet<>();
        host.tryRead("/etc/hostname").map(RedactionFacts::parseHostname).ifPresent(hosts::add);
        host.tryRead("/proc/sys/kernel/hostname").map(RedactionFacts::parseHostname).ifPresent(hosts::add);
        hosts.removeIf(String::isEmpty);
        List<String> hostsFile = host.tryReadLines("/etc/hosts");
        hosts.addAll(parseHosts(hostsFile, hosts));
        Set<String> domains = parseResolvConf(host.tryReadLines("/etc/resolv.conf"));
        hosts.addAll(parseHostsInDomains(hostsFile, hosts, domains));
        Set<String> users = parsePasswd(host.tryReadLines("/etc/passwd"));
        return new RedactionFacts(hosts, domains, users);
    }

    /**
     * The names to hide, read from files already at hand (e.g. inside an archive {@code jsos clean}
     * reads): host path → content, for {@code /etc/hostname}, {@code /proc/sys/kernel/hostname},
     * {@code /etc/hosts}, {@code /etc/resolv.conf} and {@code /etc/passwd}, as {@link #fromHost}.
     * Any other key whose value is a host name (sos's {@code hostname} file) may be passed as
     * {@code "hostname"}.
     */
    public static RedactionFacts fromFiles(java.util.Map<String, String> files) {
        Set<String> hosts = new TreeSet<>();
        for (String key : List.of("/etc/hostname", "/proc/sys/kernel/hostname", "hostname")) {
            String c = files.get(key);
            if (c != null) {
                hosts.add(parseHostname(c));
            }
        }
        hosts.removeIf(String::isEmpty);
        hosts.addAll(parseHosts(lines(files.get("/etc/hosts")), hosts));
        Set<String> domains = parseResolvConf(lines(files.get("/etc/resolv.conf")));
        hosts.addAll(parseHostsInDomains(lines(files.get("/etc/hosts")), hosts, domains));
        Set<String> users = parsePasswd(lines(files.get("/etc/passwd")));
        return new RedactionFacts(hosts, domains, users);
    }

    private static List<String> lines(String content) {
        return content == null ? List.of() : List.of(content.split("\r?\n"));
    }

    /** The first non-comment word of an /etc/hostname file, lower case; empty when there is none. */
    static String parseHostname(String content) {
        for (String line : content.split("\n")) {
            String l = stripComment(line).trim();
            if (!l.isEmpty()) {
                return l.split("\\s+")[0].toLowerCase(Locale.ROOT);
            }
        }
        return "";
    }

    /**
     * The names on the host's own lines of /etc/hosts: lines with address 127.0.1.1, or naming one
     * of {@code own} (compared by full and by short name).
     */
    static Set<String> parseHosts(List<String> lines, Set<String> own) {
        Set<String> ownShort = new TreeSet<>();
        for (String o : own) {
            String n = o.toLowerCase(Locale.ROOT);
            ownShort.add(n);
            ownShort.add(shortName(n));
        }
        Set<String> found = new TreeSet<>();
        for (String line : lines) {
            String[] f = stripComment(line).trim().split("\\s+");
            if (f.length < 2) {
                continue;
            }
            List<String> names = new ArrayList<>();
            boolean mine = f[0].equals("127.0.1.1");
            for (int i = 1; i < f.length; i++) {
                String n = f[i].toLowerCase(Locale.ROOT);
                names.add(n);
                mine |= ownShort.contains(n) || ownShort.contains(shortName(n));
            }
            if (mine) {
                found.addAll(names);
            }
        }
        return found;
    }

    /**
     * The names on lines of /etc/hosts that name a host in one of this host's domains (the domains of
     * its FQDNs and of resolv.conf): {@code 10.0.0.9 peer9.corp.acme.com peer9} makes the alias
     * {@code peer9} a name of the customer too.
     */
    static Set<String> parseHostsInDomains(List<String> lines, Set<String> own, Set<String> searchDomains) {
        Set<String> domains = new TreeSet<>();
        for (String d : searchDomains) {
            domains.add(d.toLowerCase(Locale.ROOT));
        }
        for (String o : own) {
            int dot = o.indexOf('.');
            if (dot > 0) {
                domains.add(o.substring(dot + 1).toLowerCase(Locale.ROOT));
            }
        }
        domains.removeIf(RedactionFacts::isGeneric);
        Set<String> found = new TreeSet<>();
        if (domains.isEmpty()) {
            return found;
        }
        for (String line : lines) {
            String[] f = stripComment(line).trim().split("\\s+");
            if (f.length < 2) {
                continue;
            }
            boolean inDomain = false;
            for (int i = 1; i < f.length && !inDomain; i++) {
                String n = f[i].toLowerCase(Locale.ROOT);
                for (String d : domains) {
                    if (n.endsWith("." + d)) {
                        inDomain = true;
                        break;
                    }
                }
            }
            if (inDomain) {
                for (int i = 1; i < f.length; i++) {
                    found.add(f[i].toLowerCase(Locale.ROOT));
                }
            }
        }
        return found;
    }

    /** The domains of {@code search} and {@code domain} lines of resolv.conf, lower case. */
    static Set<String> parseResolvConf(List<String> lines) {
        Set<String> found = new TreeSet<>();
        for (String line : lines) {
            String[] f = stripComment(line).trim().split("\\s+");
            if (f.length >= 2 && (f[0].equals("search") || f[0].equals("domain"))) {
                for (int i = 1; i < f.length; i++) {
                    found.add(f[i].toLowerCase(Locale.ROOT));
                }
            }
        }
        return found;
    }

    /** Login names of regular users (uid >= 1000, not the overflow uid) in an /etc/passwd file. */
    static Set<String> parsePasswd(List<String> lines) {
        Set<String> found = new TreeSet<>();
        for (String line : lines) {
            if (line.isBlank() || line.startsWith("#") || line.startsWith("+") || line.startsWith("-")) {
                continue; // comments and NIS compat entries
            }
            String[] f = line.split(":", -1);
            if (f.length < 3 || f[0].isBlank()) {
                continue;
            }
            long uid;
            try {
                uid = Long.parseLong(f[2].trim());
            } catch (NumberFormatException e) {
                continue;
            }
            if (uid >= FIRST_REGULAR_UID && !SPECIAL_UIDS.contains(uid)) {
                found.add(f[0].trim().toLowerCase(Locale.ROOT));
            }
        }
        return found;
    }

    /**
     * Whether a (lower-case) name is never hidden because it does not identify anyone: loopback
     * names, generic domains, system and default cloud accounts, and common words of system output.
     */
    public static boolean isGeneric(String name) {
        return GENERIC.contains(name);
    }

    private static void addName(Set<String> into, String name) {
        if (name.length() >= MIN_LENGTH && !GENERIC.contains(name) && hasLetter(name)) {
            into.add(name);
        }
    }

    private static void addDomain(Set<String> into, String domain) {
        if (!isHostName(domain)) {
            return;
        }
        addName(into, domain);
        // Parents down to two labels: web1.corp.acme.com also tells who "acme.com" is.
        String d = domain;
        int dot;
        while ((dot = d.indexOf('.')) > 0) {
            d = d.substring(dot + 1);
            String[] labels = d.split("\\.");
            if (labels.length < 2
                    || labels.length == 2 && labels[1].length() == 2 && PUBLIC_SECOND_LEVEL.contains(labels[0])) {
                break;
            }
            addName(into, d);
        }
    }

    private static String normalise(String raw) {
        if (raw == null) {
            return "";
        }
        String n = raw.trim().toLowerCase(Locale.ROOT);
        while (n.endsWith(".")) {
            n = n.substring(0, n.length() - 1);
        }
        return n;
    }

    /** Letters, digits, hyphens (and underscores, which real networks use); non-empty labels separated by single dots. */
    private static boolean isHostName(String n) {
        if (n.isEmpty() || n.startsWith(".") || n.contains("..")) {
            return false;
        }
        for (int i = 0; i < n.length(); i++) {
            char c = n.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '.' || c == '_')) {
                return false;
            }
        }
        return true;
    }

    private static boolean isUserChar(char c) {
        return c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '.';
    }

    private static boolean hasLetter(String n) {
        for (int i = 0; i < n.length(); i++) {
            char c = n.charAt(i);
            if (c >= 'a' && c <= 'z') {
                return true;
            }
        }
        return false;
    }

    private static String shortName(String n) {
        int dot = n.indexOf('.');
        return dot > 0 ? n.substring(0, dot) : n;
    }

    private static String stripComment(String line) {
        int hash = line.indexOf('#');
        return hash >= 0 ? line.substring(0, hash) : line;
    }

    private static Set<String> nonNull(Set<String> s) {
        return s == null ? Set.of() : s;
    }
}
