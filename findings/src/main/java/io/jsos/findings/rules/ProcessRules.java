package io.jsos.findings.rules;

import io.jsos.api.findings.Evidence;
import io.jsos.api.findings.Finding;
import io.jsos.api.findings.Models;
import io.jsos.api.findings.Severity;
import io.jsos.api.findings.Thresholds;
import io.jsos.findings.J;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/** Rules over {@code jsos/processes.json}: D-state threads, zombies, runaway thread counts. */
public final class ProcessRules {

    static final String MODEL = "jsos/processes.json";

    private static final Pattern NFS = Pattern.compile("nfs|rpc_|sunrpc|xprt|lockd", Pattern.CASE_INSENSITIVE);
    private static final Pattern STORAGE = Pattern.compile(
            "jbd2|ext4|xfs|btrfs|blk_|bio_|io_schedule|wait_on_page|folio_wait|dm_|md_|scsi|nvme|rbd|ceph|submit_bio",
            Pattern.CASE_INSENSITIVE);

    private ProcessRules() {
    }

    static List<Map<String, Object>> threads(Models m) {
        return m.object("processes").map(d -> J.objs(d, "threads")).orElse(List.of());
    }

    /**
     * The threads of the node, without jsos's own: jsos and the commands it started (lvs, ip, ...;
     * children of its pid, {@code collectorPid} in the model) were running while the table was read,
     * and an lvs waiting on its I/O is no state of the node.
     */
    static List<Map<String, Object>> nodeThreads(Models m) {
        List<Map<String, Object>> all = threads(m);
        Double self = m.object("processes").map(d -> J.num(d, "collectorPid")).orElse(null);
        if (self == null) {
            return all;
        }
        Map<String, String> parent = new HashMap<>();
        for (Map<String, Object> th : all) {
            parent.putIfAbsent(J.str(th, "pid"), J.str(th, "ppid"));
        }
        String collector = String.valueOf(self.longValue());
        List<Map<String, Object>> out = new ArrayList<>();
        for (Map<String, Object> th : all) {
            if (!descendsFrom(J.str(th, "pid"), collector, parent)) {
                out.add(th);
            }
        }
        return out;
    }

    private static boolean descendsFrom(String pid, String ancestor, Map<String, String> parent) {
        String p = pid;
        for (int hops = 0; p != null && hops < 64; hops++) {   // a bound: ppid loops in a garbled model
            if (p.equals(ancestor)) {
                return true;
            }
            p = parent.get(p);
        }
        return false;
    }

    /** What a D-state thread waits on, from its wait channel and kernel stack. */
    static String signature(Map<String, Object> thread) {
        StringBuilder text = new StringBuilder(String.valueOf(J.str(thread, "wchan")));
        J.list(thread, "kernelStack").forEach(f -> text.append(' ').append(f));
        if (NFS.matcher(text).find()) {
            return "nfs";
        }
        if (STORAGE.matcher(text).find()) {
            return "storage";
        }
        return "other";
    }

    /** Threads in uninterruptible sleep: a hung storage path or NFS server. */
    public static final class DState extends BaseRule {
        public DState() {
            super("processes.d-state", "threads in D state (uninterruptible sleep), with their wait channel: storage or NFS hang");
            threshold("warning", 1);
            threshold("critical", 10);
        }

        @Override
        public List<Finding> evaluate(Models m, Thresholds t) {
            Map<String, List<Map<String, Object>>> bySignature = new TreeMap<>();
            for (Map<String, Object> th : nodeThreads(m)) {
                if ("D".equals(J.str(th, "state"))) {
                    bySignature.computeIfAbsent(signature(th), k -> new ArrayList<>()).add(th);
                }
            }
            List<Finding> out = new ArrayList<>();
            bySignature.forEach((sig, list) -> {
                Severity s = grade(t, list.size());
                if (s == null) {
                    return;
                }
                List<Evidence> ev = new ArrayList<>();
                for (Map<String, Object> th : list.subList(0, Math.min(5, list.size()))) {
                    List<Object> stack = J.list(th, "kernelStack");
                    ev.add(Evidence.of("pid " + J.str(th, "pid") + "/" + J.str(th, "tid") + " " + J.str(th, "comm"),
                            "wchan=" + J.str(th, "wchan") + (stack.isEmpty() ? "" : " stack=" + stack.subList(0, Math.min(4, stack.size()))),
                            MODEL));
                }
                String what = switch (sig) {
                    case "nfs" -> "waiting on NFS/RPC";
                    case "storage" -> "waiting on block storage";
                    default -> "in uninterruptible sleep";
                };
                out.add(finding(s, sig, list.size() + " thread(s) in D state " + what, ev,
                        switch (sig) {
                            case "nfs" -> "An NFS server is not answering: check the mounts (system.json file systems) and the server.";
                            case "storage" -> "A block device or file system is stuck: check dmesg for I/O errors, the devices' "
                                    + "latency, multipath/Ceph health.";
                            default -> "Read the kernel stacks (sos_commands/processes) to see what they wait on.";
                        }));
            });
            return out;
        }
    }

    /** Zombies pile up when a parent never reaps its children. */
    public static final class Zombies extends BaseRule {
        public Zombies() {
            super("processes.zombies", "zombie processes piling up (a parent that does not reap its children)");
            threshold("warning", 20);
            threshold("critical", 1000);
        }

        @Override
        public List<Finding> evaluate(Models m, Thresholds t) {
            Map<String, Integer> parents = new LinkedHashMap<>();
            int zombies = 0;
            for (Map<String, Object> th : threads(m)) {
                if ("Z".equals(J.str(th, "state")) && !Boolean.FALSE.equals(J.bool(th, "isMainThread"))) {
                    zombies++;
                    parents.merge(J.str(th, "ppid"), 1, Integer::sum);
                }
            }
            Double byState = m.object("processes").map(d -> J.num(d, "processesByState", "Z")).orElse(null);
            if (byState != null) {
                zombies = Math.max(zombies, byState.intValue());
            }
            Severity s = grade(t, zombies);
            if (s == null) {
                return List.of();
            }
            List<Evidence> ev = new ArrayList<>();
            ev.add(Evidence.of("zombies", zombies, MODEL));
            parents.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(3)
                    .forEach(e -> ev.add(Evidence.of("parent pid " + e.getKey(), e.getValue() + " zombie children", MODEL)));
            return List.of(finding(s, "", zombies + " zombie processes", ev,
                    "Fix or restart the parent that does not reap them (the top parent pid above); zombies hold pids."));
        }
    }

    /** A process with a huge thread count: a thread leak that ends at pids.max or threads-max. */
    public static final class RunawayThreads extends BaseRule {
        public RunawayThreads() {
            super("processes.runaway-threads", "processes with runaway thread counts");
            threshold("warning", 2000);
            threshold("critical", 10000);
        }

        @Override
        public List<Finding> evaluate(Models m, Thresholds t) {
            List<Finding> out = new ArrayList<>();
            for (Map<String, Object> th : threads(m)) {
                Double n = J.num(th, "numThreads");
                if (n == null || !Boolean.TRUE.equals(J.bool(th, "isMainThread"))) {
                    continue;
                }
                String who = J.str(th, "comm") + " (pid " + J.str(th, "pid") + ")";
                addGraded(out, t, n, who, who + " has " + n.longValue() + " threads",
                        List.of(Evidence.of("numThreads", n.longValue(), MODEL), Evidence.of("cmdline", J.str(th, "cmdline"), MODEL),
                                Evidence.of("cgroup", J.str(th, "cgroup"), MODEL)),
                        "Likely a thread leak: take a thread dump of the process and check its pool sizes.");
            }
            return out;
        }
    }
}
