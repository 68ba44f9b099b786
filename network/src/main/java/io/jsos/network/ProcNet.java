package io.jsos.network;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Parsers for the kernel's own text views of bonds and 802.1Q sub-interfaces under /proc/net. */
final class ProcNet {

    private ProcNet() {
    }

    /** One line of /proc/net/vlan/config: {@code kbond0.30  | 30  | kbond0}. */
    public record Vlan(String name, Integer vid, String parent) {
    }

    static List<Vlan> vlanConfig(List<String> lines) {
        List<Vlan> out = new ArrayList<>();
        for (String l : lines) {
            String[] f = l.split("\\|");
            if (f.length != 3) {
                continue; // the header lines ("VLAN Dev name | VLAN ID" has 2 fields, "Name-Type:" has none)
            }
            Integer vid = Num.parseInt(f[1]);
            if (vid != null) {
                out.add(new Vlan(f[0].trim(), vid, f[2].trim()));
            }
        }
        return out;
    }

    /**
     * A kernel bond from /proc/net/bonding/<name>.
     *
     * @param miimon_ms the MII link monitoring interval ("MII Polling Interval (ms)"); 0 means no
     *                  link monitoring, so a dead slave is never failed over from
     */
    public record Bond(String name, String mode, String active_slave, String mii_status, Integer miimon_ms,
                       List<Map<String, String>> slaves) {
    }

    static Bond bonding(String name, List<String> lines) {
        String mode = null;
        String active = null;
        String mii = null;
        Integer miimon = null;
        List<Map<String, String>> slaves = new ArrayList<>();
        Map<String, String> slave = null;
        for (String l : lines) {
            int c = l.indexOf(':');
            if (c < 0) {
                continue;
            }
            String k = l.substring(0, c).trim();
            String v = l.substring(c + 1).trim();
            if (k.equals("Slave Interface")) {
                slave = new LinkedHashMap<>();
                slave.put("name", v);
                slaves.add(slave);
            } else if (slave != null) {
                slave.putIfAbsent(k.toLowerCase().replace(' ', '_'), v);
            } else if (k.equals("Bonding Mode")) {
                mode = v;
            } else if (k.equals("Currently Active Slave")) {
                active = v;
            } else if (k.equals("MII Status")) {
                mii = v;
            } else if (k.equals("MII Polling Interval (ms)")) {
                miimon = Num.parseInt(v);
            }
        }
        return new Bond(name, mode, active, mii, miimon, slaves);
    }
}
