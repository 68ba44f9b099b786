package io.jsos.network;

import java.util.List;
import java.util.Map;

/**
 * One network interface as jsos reports it (field names are the JSON names the findings rules read).
 *
 * @param type          what it is: veth, bridge, bond, vlan, vxlan, tun, tap, ovs-internal, macvlan,
 *                      loopback, ether (a NIC), or ip's link kind for anything else
 * @param peer_ifindex  a veth's peer (or a vlan's parent) interface index
 * @param peer_netns_id the peer's namespace id as seen from this namespace (ip's link_netnsid), or
 *                      null when the peer lives in the same namespace
 * @param statistics    rx/tx bytes, packets, errors, dropped (counters since the device appeared)
 */
public record Iface(String name, Integer ifindex, String type, String kind, String slave_kind, String operstate,
                    List<String> flags, Integer mtu, String mac, String master, Integer peer_ifindex,
                    Integer peer_netns_id, String peer, String driver, List<String> addresses,
                    Map<String, Long> statistics) {

    Iface withDriver(String d) {
        return new Iface(name, ifindex, type, kind, slave_kind, operstate, flags, mtu, mac, master, peer_ifindex,
                peer_netns_id, peer, d, addresses, statistics);
    }

    /** The interface type from ip's link kind, falling back to what sysfs or the driver says. */
    static String typeOf(String kind, String tunType, String linkType, String driver, String devtype) {
        if (kind != null && !kind.isEmpty()) {
            return switch (kind) {
                case "openvswitch" -> "ovs-internal";
                case "tun" -> tunType != null ? tunType : "tun";
                default -> kind;
            };
        }
        if ("loopback".equals(linkType)) {
            return "loopback";
        }
        if (devtype != null && !devtype.isEmpty()) {
            return devtype;
        }
        if ("openvswitch".equals(driver)) {
            return "ovs-internal";
        }
        if ("veth".equals(driver) || "bridge".equals(driver)) {
            return driver;
        }
        if ("tun".equals(driver)) {
            return tunType != null ? tunType : "tun";
        }
        return linkType != null ? linkType : "unknown";
    }
}
