package io.jsos.network;

import io.jsos.api.Host;
import io.jsos.api.HostPathException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the interfaces of the namespace whose sysfs the host shows (/sys/class/net). sysfs only
 * shows the namespace jsos runs in (or the one {@code ip netns exec} remounted it for).
 */
final class SysfsInterfaces {

    static final String NET = "/sys/class/net";

    private SysfsInterfaces() {
    }

    /** The interfaces, and the names of those that vanished while being read. */
    record Result(List<Iface> interfaces, List<String> vanished) {
    }

    static Result read(Host host) {
        List<Iface> out = new ArrayList<>();
        List<String> vanished = new ArrayList<>();
        for (String name : host.list(NET)) {
            String d = NET + "/" + name;
            if (host.exists(d) && !host.isDirectory(d)) {
                continue; // not an interface: the bonding driver's control file bonding_masters lives here too
            }
            Integer ifindex = Num.parseInt(host.tryRead(d + "/ifindex").orElse(null));
            if (ifindex == null) {
                vanished.add(name); // gone between the listing and the read (pods come and go)
                continue;
            }
            Integer iflink = Num.parseInt(host.tryRead(d + "/iflink").orElse(null));
            String driver = driver(host, d);
            String devtype = ueventValue(host, d, "DEVTYPE");
            String tunType = null;
            Long tunFlags = Num.parseLong(host.tryRead(d + "/tun_flags").orElse(null));
            if (tunFlags != null) {
                tunType = (tunFlags & 0x0002) != 0 ? "tap" : "tun"; // IFF_TAP
                devtype = tunType;
            }
            if (devtype == null && host.isDirectory(d + "/bridge")) {
                devtype = "bridge";
            }
            if (devtype == null && host.isDirectory(d + "/bonding")) {
                devtype = "bond";
            }
            String arphrd = trim(host.tryRead(d + "/type").orElse(null));
            String linkType = "772".equals(arphrd) ? "loopback" : "1".equals(arphrd) ? "ether" : arphrd;
            Map<String, Long> stats = new LinkedHashMap<>();
            for (String dir : List.of("rx", "tx")) {
                for (String k : IpLinkJson.STAT_KEYS) {
                    stats.put(dir + "_" + k, Num.parseLong(host.tryRead(d + "/statistics/" + dir + "_" + k).orElse(null)));
                }
            }
            String master = linkName(host, d, "master");
            out.add(new Iface(name, ifindex, Iface.typeOf(null, tunType, linkType, driver, devtype), null,
                    master != null && host.isDirectory(d + "/brport") ? "bridge" : null,
                    upper(trim(host.tryRead(d + "/operstate").orElse(null))),
                    List.of(), Num.parseInt(host.tryRead(d + "/mtu").orElse(null)),
                    trim(host.tryRead(d + "/address").orElse(null)), master,
                    iflink != null && !iflink.equals(ifindex) ? iflink : null, null, null, driver, List.of(), stats));
        }
        return new Result(out, vanished);
    }

    /** The driver's name: the last element of device/driver's link target. */
    static String driver(Host host, String dir) {
        String d = linkName(host, dir + "/device", "driver");
        if (d != null) {
            return d;
        }
        return ueventValue(host, dir, "DRIVER");
    }

    /** The file name a symlink (e.g. {@code master}) points to, without following it out of the root. */
    static String linkName(Host host, String dir, String link) {
        try {
            Path p = host.resolve(dir).resolve(link);
            if (!Files.isSymbolicLink(p)) {
                return null;
            }
            Path t = Files.readSymbolicLink(p).getFileName();
            return t == null ? null : t.toString();
        } catch (IOException | HostPathException e) {
            return null;
        }
    }

    private static String ueventValue(Host host, String dir, String key) {
        Optional<String> line = host.tryReadLines(dir + "/uevent").stream().filter(l -> l.startsWith(key + "=")).findFirst();
        return line.map(l -> l.substring(key.length() + 1).trim()).orElse(null);
    }

    private static String upper(String s) {
        return s == null ? null : s.toUpperCase(java.util.Locale.ROOT);
    }

    static String trim(String s) {
        return s == null ? null : s.trim();
    }
}
