package io.jsos.findings.rules;

import io.jsos.api.findings.Evidence;
import io.jsos.api.findings.Finding;
import io.jsos.api.findings.Models;
import io.jsos.api.findings.Severity;
import io.jsos.api.findings.Thresholds;
import io.jsos.findings.J;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Rules over {@code jsos/bridge.json}, {@code jsos/openvswitch.json} and {@code jsos/interfaces.json}. */
public final class NetworkRules {

    static final String BRIDGE = "jsos/bridge.json";
    static final String OVS = "jsos/openvswitch.json";
    static final String IFACES = "jsos/interfaces.json";

    private NetworkRules() {
    }

    /** Linux bridge ports that forward nothing: STP blocking or disabled. */
    public static final class BridgePortBlocking extends BaseRule {
        public BridgePortBlocking() {
            super("network.bridge-port-blocking", "Linux bridge ports in STP blocking or disabled state");
        }

        @Override
        public List<Finding> evaluate(Models m, Thresholds t) {
            List<Finding> out = new ArrayList<>();
            for (Map<String, Object> br : m.object("bridge").map(d -> J.objs(d, "bridges")).orElse(List.of())) {
                for (Map<String, Object> port : J.objs(br, "ports")) {
                    String state = J.str(port, "state");
                    if ("blocking".equals(state) || "disabled".equals(state)) {
                        String subject = J.str(br, "name") + "/" + J.str(port, "name");
                        out.add(finding(Severity.WARNING, subject, "bridge port " + subject + " is " + state,
                                List.of(Evidence.of("state", state, BRIDGE), Evidence.of("stp_enabled", J.bool(br, "stp_enabled"), BRIDGE),
                                        Evidence.of("namespace", J.str(br, "namespace"), BRIDGE)),
                                "blocking".equals(state) ? "STP blocks it to break a loop: check for a cabling/bridging loop."
                                        : "The port (or its link) is down: check the interface's operstate and cable/peer."));
                    }
                }
            }
            return out;
        }
    }

    /** OVS interfaces with an error, link down, or error counters. */
    public static final class OvsInterface extends BaseRule {
        public OvsInterface() {
            super("network.ovs-interface", "Open vSwitch interfaces with errors or link down");
        }

        @Override
        public List<Finding> evaluate(Models m, Thresholds t) {
            List<Finding> out = new ArrayList<>();
            for (Map<String, Object> br : m.object("openvswitch").map(d -> J.objs(d, "bridges")).orElse(List.of())) {
                for (Map<String, Object> port : J.objs(br, "ports")) {
                    for (Map<String, Object> itf : J.objs(port, "interfaces")) {
                        String error = J.str(itf, "error");
                        String link = J.str(itf, "link_state");
                        Double rxErr = J.num(itf, "statistics", "rx_errors");
                        Double txErr = J.num(itf, "statistics", "tx_errors");
                        long errors = (rxErr == null ? 0 : rxErr.longValue()) + (txErr == null ? 0 : txErr.longValue());
                        boolean down = "down".equals(link);
                        if (error == null && !down && errors == 0) {
                            continue;
                        }
                        String subject = J.str(br, "name") + "/" + J.str(itf, "name");
                        String what = error != null ? "error: " + error : down ? "link down" : errors + " rx/tx errors";
                        out.add(finding(error != null || down ? Severity.CRITICAL : Severity.WARNING, subject,
                                "OVS interface " + subject + ": " + what,
                                List.of(Evidence.of("error", error, OVS), Evidence.of("link_state", link, OVS),
                                        Evidence.of("admin_state", J.str(itf, "admin_state"), OVS),
                                        Evidence.of("rx_errors", rxErr, OVS), Evidence.of("tx_errors", txErr, OVS)),
                                "Check the interface's type and options in ovs-vsctl show, and ovs-vswitchd's log."));
                    }
                }
            }
            return out;
        }
    }

    /** ovsdb-server did not answer: OVS is down or its socket is elsewhere. */
    public static final class OvsdbUnreachable extends UnreachableRule {
        public OvsdbUnreachable() {
            super("network.ovsdb-unreachable", "Open vSwitch database unreachable", "openvswitch", "ovsdb",
                    "Check that ovsdb-server and ovs-vswitchd run (systemctl status openvswitch-switch).");
        }
    }

    /** A veth whose other end is in no namespace jsos saw: a leaked container network. */
    public static final class VethOrphan extends BaseRule {
        public VethOrphan() {
            super("network.veth-orphan", "veth interfaces without a peer in any namespace");
        }

        @Override
        public List<Finding> evaluate(Models m, Thresholds t) {
            List<Map<String, Object>> namespaces = m.object("interfaces").map(d -> J.objs(d, "namespaces")).orElse(List.of());
            Set<String> ifindexes = new HashSet<>();
            for (Map<String, Object> ns : namespaces) {
                for (Map<String, Object> itf : J.objs(ns, "interfaces")) {
                    ifindexes.add(J.str(ns, "name") + "#" + J.str(itf, "ifindex"));
                    ifindexes.add("*#" + J.str(itf, "ifindex"));
                }
            }
            List<Finding> out = new ArrayList<>();
            for (Map<String, Object> ns : namespaces) {
                for (Map<String, Object> itf : J.objs(ns, "interfaces")) {
                    if (!"veth".equals(J.str(itf, "type"))) {
                        continue;
                    }
                    String peer = J.str(itf, "peer_ifindex");
                    // The peer's namespace id is relative to this namespace, so match on its ifindex anywhere.
                    if (peer != null && ifindexes.contains("*#" + peer)) {
                        continue;
                    }
                    String subject = J.str(ns, "name") + "/" + J.str(itf, "name");
                    out.add(finding(Severity.WARNING, subject, "veth " + subject + " has no peer in any namespace",
                            List.of(Evidence.of("peer_ifindex", J.at(itf, "peer_ifindex"), IFACES),
                                    Evidence.of("peer_netns_id", J.at(itf, "peer_netns_id"), IFACES),
                                    Evidence.of("master", J.str(itf, "master"), IFACES)),
                            "Likely left behind by a deleted container: remove it (ip link del) if no sandbox owns it."));
                }
            }
            return out;
        }
    }
}
