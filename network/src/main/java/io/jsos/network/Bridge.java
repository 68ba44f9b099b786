package io.jsos.network;

import java.util.List;

/**
 * One Linux bridge as jsos reports it (field names are the JSON names the findings rules read).
 * Times are in seconds; ip and sysfs both give centiseconds.
 *
 * @param source       where the settings came from: "ip" ({@code ip -j -d link}) or "sysfs"
 * @param fdb_entries  how many FDB entries belong to the bridge (all counted, even past the cap)
 * @param fdb          the first entries, at most the collector's fdb cap
 */
public record Bridge(String name, String namespace, String source, Boolean stp_enabled, Boolean vlan_filtering,
                     Double forward_delay_s, Double hello_time_s, Double max_age_s, Double ageing_time_s,
                     Integer priority, String bridge_id, String root_id, Integer root_port, Boolean topology_change,
                     Boolean multicast_snooping, List<Port> ports, Integer fdb_entries, Boolean fdb_truncated,
                     List<Fdb> fdb) {

    /** A bridge port; {@code state} is disabled, listening, learning, forwarding or blocking. */
    public record Port(String name, Integer port_no, String state, String role, Integer path_cost, Integer priority,
                       Boolean learning, Boolean unicast_flood, Boolean hairpin_mode, Boolean bpdu_guard,
                       Boolean root_block, Boolean isolated, String designated_bridge, List<Vlan> vlans) {

        Port withVlans(List<Vlan> v) {
            return new Port(name, port_no, state, role, path_cost, priority, learning, unicast_flood, hairpin_mode,
                    bpdu_guard, root_block, isolated, designated_bridge, v);
        }
    }

    public record Vlan(int vid, boolean pvid, boolean untagged) {
    }

    public record Fdb(String mac, String port, Integer vlan, String state, List<String> flags) {
    }

    Bridge with(List<Port> p, Integer fdbEntries, Boolean fdbTruncated, List<Fdb> f) {
        return new Bridge(name, namespace, source, stp_enabled, vlan_filtering, forward_delay_s, hello_time_s, max_age_s,
                ageing_time_s, priority, bridge_id, root_id, root_port, topology_change, multicast_snooping, p,
                fdbEntries, fdbTruncated, f);
    }

    static final List<String> STATES = List.of("disabled", "listening", "learning", "forwarding", "blocking");

    /** sysfs's brport/state number as ip's word. */
    static String state(Integer n) {
        return n != null && n >= 0 && n < STATES.size() ? STATES.get(n) : null;
    }

    /** The port's STP role as far as the kernel lets one tell (it keeps no role field). */
    static String role(boolean stp, Integer portNo, Integer rootPort, String designatedBridge, String bridgeId, String state) {
        if (!stp) {
            return null;
        }
        if ("disabled".equals(state)) {
            return "disabled";
        }
        if (portNo != null && portNo.equals(rootPort) && rootPort != 0) {
            return "root";
        }
        if (designatedBridge != null && designatedBridge.equals(bridgeId)) {
            return "designated";
        }
        return "alternate";
    }

    static Double seconds(Long centiseconds) {
        return centiseconds == null ? null : centiseconds / 100.0;
    }
}
