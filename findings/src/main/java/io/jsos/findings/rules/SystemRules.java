package io.jsos.findings.rules;

import io.jsos.api.findings.CollectorState;
import io.jsos.api.findings.Evidence;
import io.jsos.api.findings.Finding;
import io.jsos.api.findings.Models;
import io.jsos.api.findings.Severity;
import io.jsos.api.findings.Thresholds;
import io.jsos.findings.J;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/** Rules over {@code jsos/system.json}, the kernel log and the manifest. */
public final class SystemRules {

    static final String MODEL = "jsos/system.json";
    /** The kernel log the system collector copies (no model holds log lines). */
    static final String DMESG = "sos_commands/system/dmesg";

    private SystemRules() {
    }

    /** Lines of the kernel log matching a pattern, the last few first-to-last. */
    static List<String> kernelLog(Models m, Pattern p) {
        return m.text(DMESG).map(t -> t.lines().filter(l -> p.matcher(l).find()).toList()).orElse(List.of());
    }

    abstract static class KernelLogRule extends BaseRule {
        private final Pattern pattern;
        private final Severity severity;
        private final String what;
        private final String next;

        KernelLogRule(String id, String description, String regex, Severity severity, String what, String next) {
            super(id, description);
            this.pattern = Pattern.compile(regex);
            this.severity = severity;
            this.what = what;
            this.next = next;
        }

        @Override
        public List<Finding> evaluate(Models m, Thresholds t) {
            List<String> lines = kernelLog(m, pattern);
            if (lines.isEmpty()) {
                return List.of();
            }
            List<Evidence> ev = new ArrayList<>();
            ev.add(Evidence.of("count", lines.size(), DMESG));
            lines.subList(Math.max(0, lines.size() - 5), lines.size()).forEach(l -> ev.add(Evidence.of("line", l.strip(), DMESG)));
            return List.of(finding(severity, "", lines.size() + " " + what + " message(s) in the kernel log", ev, next));
        }
    }

    /** The kernel's hung task detector fired: a task sat in D state over 120 s. */
    public static final class HungTask extends KernelLogRule {
        public HungTask() {
            super("system.hung-task", "hung-task messages in the kernel log (task blocked for more than N seconds)",
                    "blocked for more than \\d+ seconds|hung_task", Severity.WARNING, "hung-task",
                    "Read the stacks printed after each message in dmesg: they name the stuck driver or file system.");
        }
    }

    /** Soft or hard lockups: a CPU stuck in the kernel. */
    public static final class SoftLockup extends KernelLogRule {
        public SoftLockup() {
            super("system.soft-lockup", "soft/hard lockup or RCU stall messages in the kernel log",
                    "soft lockup|hard LOCKUP|rcu_sched self-detected stall|rcu: INFO: rcu_(sched|preempt) detected stalls",
                    Severity.CRITICAL, "lockup/RCU stall",
                    "A CPU was stuck in the kernel: the stack in dmesg names the code; check for known kernel/driver bugs "
                            + "and hypervisor CPU steal.");
        }
    }

    /** Local file systems near full. */
    public static final class FsNearFull extends BaseRule {
        public FsNearFull() {
            super("system.fs-near-full", "local file systems near full");
            threshold("warning", 85);
            threshold("critical", 95);
        }

        @Override
        public List<Finding> evaluate(Models m, Thresholds t) {
            List<Finding> out = new ArrayList<>();
            for (Map<String, Object> fs : m.object("system").map(d -> J.objs(d, "fileSystems")).orElse(List.of())) {
                Double used = J.num(fs, "usage", "usedPercent");
                Double total = J.num(fs, "usage", "totalBytes");
                if (used == null || total == null || total <= 0) {
                    continue;
                }
                String mp = J.str(fs, "mountPoint");
                addGraded(out, t, used, mp, mp + " is " + pct(used) + " full (" + bytes(total) + ", " + J.str(fs, "type") + ")",
                        List.of(Evidence.of("usedPercent", used, MODEL), Evidence.of("availableBytes", J.at(fs, "usage", "availableBytes"), MODEL),
                                Evidence.of("device", J.str(fs, "device"), MODEL)),
                        "Free space (logs, images, old snapshots) or grow the file system before writes fail.");
            }
            return out;
        }
    }

    /** The node as a whole is short of memory. */
    public static final class MemoryPressure extends BaseRule {
        public MemoryPressure() {
            super("system.memory-pressure", "node memory pressure: little MemAvailable or high PSI memory stall");
            threshold("available-warning", 10);
            threshold("available-critical", 5);
            threshold("psi-full-avg60", 10);
        }

        @Override
        public List<Finding> evaluate(Models m, Thresholds t) {
            Map<String, Object> d = m.object("system").orElse(null);
            Double total = J.num(d, "memory", "MemTotal");
            Double avail = J.num(d, "memory", "MemAvailable");
            // Node-wide PSI is the root cgroup's pressure in the cgroups model (/proc/pressure/memory).
            Double psiFull = CgroupRules.cgroups(m).stream().filter(c -> "/".equals(J.str(c, "path")))
                    .map(c -> J.num(c, "pressure", "memory", "full", "avg60")).filter(v -> v != null).findFirst().orElse(null);
            Double availPct = total == null || avail == null || total <= 0 ? null : 100 * avail / total;
            Severity s = null;
            if (availPct != null && availPct <= value(t, "available-critical")) {
                s = Severity.CRITICAL;
            } else if ((availPct != null && availPct <= value(t, "available-warning"))
                    || (psiFull != null && psiFull >= value(t, "psi-full-avg60"))) {
                s = Severity.WARNING;
            }
            if (s == null) {
                return List.of();
            }
            String title = availPct != null && availPct <= value(t, "available-warning")
                    ? "node memory low: " + pct(availPct) + " available of " + bytes(total)
                    : "node memory pressure: tasks fully stalled " + pct(psiFull) + " of the last minute";
            return List.of(finding(s, "", title,
                    List.of(Evidence.of("MemTotal", total == null ? null : total.longValue(), MODEL),
                            Evidence.of("MemAvailable", avail == null ? null : avail.longValue(), MODEL),
                            Evidence.of("memory.full.avg60", psiFull, "proc/pressure/memory")),
                    "Find the biggest consumers (processes.json by RSS, cgroups by usage); expect OOM kills."));
        }
    }

    /** The clock is not synchronised: TLS, Ceph and Kubernetes certificates and leases break. */
    public static final class ClockUnsynchronised extends BaseRule {
        /** Where a clock state may be: timedatectl show, chronyc tracking, ntpstat/adjtimex outputs. */
        static final List<String> SOURCES = List.of("sos_commands/system/timedatectl_show", "sos_commands/system/timedatectl",
                "sos_commands/system/chronyc_tracking", "sos_commands/chrony/chronyc_tracking");

        public ClockUnsynchronised() {
            super("system.clock-unsynchronised", "system clock not synchronised (timedatectl/chrony output in the bundle)");
        }

        @Override
        public List<Finding> evaluate(Models m, Thresholds t) {
            Object clock = m.object("system").map(d -> J.at(d, "clock")).orElse(null);
            Boolean synced = J.bool(clock, "synchronized");
            String source = MODEL;
            String line = null;
            for (String path : SOURCES) {
                if (synced != null) {
                    break;
                }
                Optional<String> text = m.text(path);
                if (text.isEmpty()) {
                    continue;
                }
                for (String l : text.get().lines().toList()) {
                    String s = l.strip();
                    if (s.startsWith("NTPSynchronized=") || s.startsWith("System clock synchronized:")) {
                        synced = s.endsWith("yes");
                    } else if (s.startsWith("Leap status")) {
                        synced = !s.contains("Not synchronised");
                    } else {
                        continue;
                    }
                    source = path;
                    line = s;
                    break;
                }
            }
            if (!Boolean.FALSE.equals(synced)) {
                return List.of();
            }
            return List.of(finding(Severity.WARNING, "", "system clock is not synchronised",
                    line == null ? List.of(Evidence.of("synchronized", false, source))
                            : List.of(Evidence.of("synchronized", false, source), Evidence.of("line", line, source)),
                    "Check chronyd/systemd-timesyncd and reachability of the NTP servers; skew breaks TLS, Ceph and "
                            + "Kubernetes leases."));
        }
    }

    /** A collector that failed or ran out of time: its section is missing, not healthy. */
    public static final class CollectorFailed extends BaseRule {
        public CollectorFailed() {
            super("jsos.collector-failed", "jsos collectors that failed or timed out (their sections are missing or partial)");
        }

        @Override
        public List<Finding> evaluate(Models m, Thresholds t) {
            List<Finding> out = new ArrayList<>();
            for (CollectorState c : m.collectors()) {
                if (c.broken()) {
                    out.add(finding(Severity.WARNING, c.name(), "collector " + c.name() + " " + c.status().replace('_', ' ')
                                    + (c.reason() == null ? "" : ": " + c.reason()),
                            List.of(Evidence.of("status", c.status(), "manifest.json"), Evidence.of("reason", c.reason(), "manifest.json")),
                            "Its part of the bundle is missing or partial: no finding about it means 'unknown', not 'healthy'. "
                                    + "Re-run with a longer --collector-timeout or see the error in manifest.json."));
                }
            }
            return out;
        }
    }
}
