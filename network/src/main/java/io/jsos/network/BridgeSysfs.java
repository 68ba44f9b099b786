package io.jsos.network;

import io.jsos.api.Host;
import io.jsos.api.HostPathException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;

import java.util.ArrayList;
import java.util.List;

/**
 * Bridges of the namespace sysfs shows: /sys/class/net/<br>/bridge/*, brif/<port> and each port's
 * brport/*. Times are centiseconds there as in ip; {@code flush} files are write-only and never read.
 */
final class BridgeSysfs {

    private BridgeSysfs() {
    }

    static List<String> bridgeNames(Host host) {
        List<String> out = new ArrayList<>();
        for (String name : host.list(SysfsInterfaces.NET)) {
            if (host.isDirectory(SysfsInterfaces.NET + "/" + name + "/bridge")) {
                out.add(name);
            }
        }
        return out;
    }

    static List<Bridge> read(Host host, String namespace) {
        List<Bridge> out = new ArrayList<>();
        for (String name : bridgeNames(host)) {
            String b = SysfsInterfaces.NET + "/" + name + "/bridge/";
            Long stpState = num(host, b + "stp_state");
            if (stpState == null) {
                continue; // vanished between the listing and the read
            }
            boolean stp = stpState != 0;
            String bridgeId = str(host, b + "bridge_id");
            Integer rootPort = Num.parseInt(str(host, b + "root_port"));
            List<Bridge.Port> ports = new ArrayList<>();
            for (String port : host.list(SysfsInterfaces.NET + "/" + name + "/brif")) {
                String p = SysfsInterfaces.NET + "/" + name + "/brif/" + port + "/";
                Long st = num(host, p + "state");
                if (st == null) {
                    continue; // the port left the bridge mid-walk
                }
                String state = Bridge.state((int) (long) st);
                Integer no = Num.parseInt(str(host, p + "port_no"));
                String designated = str(host, p + "designated_bridge");
                ports.add(new Bridge.Port(port, no, state, Bridge.role(stp, no, rootPort, designated, bridgeId, state),
                        Num.parseInt(str(host, p + "path_cost")), Num.parseInt(str(host, p + "priority")),
                        flag(host, p + "learning"), flag(host, p + "unicast_flood"), flag(host, p + "hairpin_mode"),
                        flag(host, p + "bpdu_guard"), flag(host, p + "root_block"), flag(host, p + "isolated"),
                        designated, List.of()));
            }
            // no vlan_filtering file: the kernel has no VLAN filtering (CONFIG_BRIDGE_VLAN_FILTERING), so it is off
            out.add(new Bridge(name, namespace, "sysfs", stp, Boolean.TRUE.equals(flag(host, b + "vlan_filtering")),
                    Bridge.seconds(num(host, b + "forward_delay")), Bridge.seconds(num(host, b + "hello_time")),
                    Bridge.seconds(num(host, b + "max_age")), Bridge.seconds(num(host, b + "ageing_time")),
                    Num.parseInt(str(host, b + "priority")), bridgeId, str(host, b + "root_id"), rootPort,
                    flag(host, b + "topology_change"), flag(host, b + "multicast_snooping"), ports, null, null, List.of()));
        }
        return out;
    }

    /**
     * Every readable attribute of a bridge and its ports as {@code bridge/<name> = value} and
     * {@code brif/<port>/<name> = value} lines. Write-only files ({@code flush}) cannot be read and
     * are left out.
     */
    static String dump(Host host, String bridge) {
        StringBuilder sb = new StringBuilder();
        String base = SysfsInterfaces.NET + "/" + bridge;
        attributes(host, base + "/bridge", "bridge/", sb);
        for (String port : host.list(base + "/brif")) {
            attributes(host, base + "/brif/" + port, "brif/" + port + "/", sb);
        }
        return sb.toString();
    }

    private static void attributes(Host host, String dir, String prefix, StringBuilder sb) {
        for (String name : host.list(dir)) {
            if (writeOnly(host, dir + "/" + name)) {
                continue; // flush: reading it fails even as root on sysfs; the mode says so up front
            }
            String v = str(host, dir + "/" + name);
            if (v != null && !host.isDirectory(dir + "/" + name)) {
                sb.append(prefix).append(name).append(" = ").append(v.replace("\n", " ")).append('\n');
            }
        }
    }

    private static boolean writeOnly(Host host, String path) {
        try {
            Set<PosixFilePermission> p = Files.getPosixFilePermissions(host.resolve(path));
            return !p.contains(PosixFilePermission.OWNER_READ) && !p.contains(PosixFilePermission.GROUP_READ)
                    && !p.contains(PosixFilePermission.OTHERS_READ);
        } catch (IOException | HostPathException | UnsupportedOperationException e) {
            return false;
        }
    }

    private static String str(Host host, String path) {
        return SysfsInterfaces.trim(host.tryRead(path).orElse(null));
    }

    private static Long num(Host host, String path) {
        return Num.parseLong(str(host, path));
    }

    private static Boolean flag(Host host, String path) {
        Long v = num(host, path);
        return v == null ? null : v != 0;
    }
}
