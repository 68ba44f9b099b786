package io.jsos.storage.lvm;

import com.fasterxml.jackson.databind.JsonNode;
import io.jsos.api.Applicability;
import io.jsos.api.Bundle;
import io.jsos.api.CollectContext;
import io.jsos.api.Collector;
import io.jsos.api.Command;
import io.jsos.api.CommandResult;
import io.jsos.api.Host;
import io.jsos.api.MetricsWriter;
import io.jsos.api.OptionSpec;
import io.jsos.api.ScrapeContext;
import io.jsos.storage.ToolRun;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static io.jsos.storage.Metrics.gaugeIfKnown;
import static io.jsos.storage.Metrics.label;

/**
 * LVM: PVs, VGs and LVs (linear, thin pools and thin LVs, snapshots, cache, raid, hidden sub-LVs)
 * from lvm2's JSON reports, device-mapper's tables and status, and /etc/lvm (config, backups,
 * archives).
 *
 * <p>Never hangs: every command runs under {@code timeout} and is killed with its children;
 * report commands take no lock ({@code --nolocking}: a node whose lvm is stuck holding a VG lock
 * must still be reported), skip suspended devices (reading one blocks until it is resumed) and
 * neither wait for nor talk to udev. dmsetup {@code info/table/status} are ioctls that do not do
 * I/O on the devices.
 *
 * <p>Bundle: {@code sos_commands/lvm/{pvs,vgs,lvs}.json}, {@code dmsetup_info}, {@code dmsetup_table},
 * {@code dmsetup_status}, {@code etc/lvm/**}, and {@code jsos/lvm.json} ({@link LvmModel}).
 */
public final class LvmCollector implements Collector {

    static final OptionSpec<Duration> TIMEOUT = OptionSpec.duration("timeout", Duration.ofSeconds(10),
            "how long each lvm2 or dmsetup command may take before it is killed");

    /** No locks, no udev, no reads of suspended devices: what a report must not wait for. */
    static final String CONFIG = "devices{ignore_suspended_devices=1 obtain_device_list_from_udev=0} "
            + "activation{udev_sync=0 udev_rules=0}";
    static final List<String> COMMON = List.of("--reportformat", "json", "--units", "b", "--nosuffix", "--nolocking",
            "--config", CONFIG);
    static final String PV_FIELDS = "pv_name,vg_name,pv_size,pv_free,pv_attr,pv_uuid,pv_fmt,dev_size,pv_tags";
    static final String VG_FIELDS = "vg_name,vg_uuid,vg_size,vg_free,pv_count,lv_count,snap_count,vg_attr,vg_extent_size,"
            + "vg_missing_pv_count,vg_tags";
    // each field once: "-o +field" on top of the defaults makes lvm2 print duplicate JSON keys
    static final String LV_FIELDS = "lv_name,vg_name,lv_uuid,lv_attr,lv_size,segtype,pool_lv,origin,data_percent,"
            + "metadata_percent,snap_percent,copy_percent,lv_metadata_size,lv_active,lv_layout,lv_role,lv_health_status,"
            + "lv_when_full,devices,lv_dm_path,lv_tags";

    @Override
    public String name() {
        return "lvm";
    }

    @Override
    public String description() {
        return "LVM PVs, VGs, LVs (thin pools, snapshots, cache, raid) with fullness and health; dmsetup tables and status; /etc/lvm";
    }

    @Override
    public Applicability applies(Host host) {
        Applicability a = Applicability.ifProgram(host, "lvs");
        return a.applies() ? a : Applicability.ifAnyExists(host, "/etc/lvm/lvm.conf", "/sys/class/misc/device-mapper");
    }

    @Override
    public List<OptionSpec<?>> options() {
        return List.of(TIMEOUT);
    }

    static Command pvs(Duration t) {
        return report("pvs", PV_FIELDS, false, t);
    }

    static Command vgs(Duration t) {
        return report("vgs", VG_FIELDS, false, t);
    }

    static Command lvs(Duration t) {
        return report("lvs", LV_FIELDS, true, t);
    }

    private static Command report(String tool, String fields, boolean all, Duration t) {
        List<String> argv = new ArrayList<>(List.of(tool));
        if (all) {
            argv.add("-a");      // hidden sub-LVs too: [tpool_tdata], [tpool_tmeta], raid images, cache pools
        }
        argv.addAll(COMMON);
        argv.addAll(List.of("-o", fields));
        return Command.of(argv).timeout(t);
    }

    @Override
    public void collect(CollectContext context) {
        Bundle bundle = context.bundle();
        Duration t = context.options().get(TIMEOUT);
        List<String> errors = new ArrayList<>();

        bundle.copyTree("/etc/lvm", "*", 3);

        List<LvmModel.Pv> pvs = parse(ToolRun.json(bundle, "pvs.json", pvs(t), errors), LvmReport::pvs, errors);
        List<LvmModel.Vg> vgs = parse(ToolRun.json(bundle, "vgs.json", vgs(t), errors), LvmReport::vgs, errors);
        List<LvmModel.Lv> lvs = parse(ToolRun.json(bundle, "lvs.json", lvs(t), errors), LvmReport::lvs, errors);

        List<LvmModel.DmDevice> dm = List.of();
        if (context.host().which("dmsetup").isPresent()) {
            bundle.command("dmsetup_info", Command.of("dmsetup", "info", "-c", "--noudevsync").timeout(t));
            CommandResult table = bundle.command("dmsetup_table", Command.of("dmsetup", "table", "--noudevsync").timeout(t));
            CommandResult status = bundle.command("dmsetup_status", Command.of("dmsetup", "status", "--noudevsync").timeout(t));
            if (table.ok() || status.ok()) {
                dm = DmTables.parse(table.ok() ? table.stdoutText() : null, status.ok() ? status.stdoutText() : null);
            } else {
                errors.add("dmsetup: " + status.summary() + ToolRun.stderrHint(status));
            }
        }
        bundle.json(new LvmModel(pvs, vgs, lvs, dm, errors));
    }

    /** One of LvmReport's parsers. */
    interface ReportParser<T> {
        List<T> parse(JsonNode doc) throws IOException;
    }

    static <T> List<T> parse(ToolRun.Parsed p, ReportParser<T> parser, List<String> errors) {
        if (p.doc() == null) {
            return List.of();
        }
        try {
            return parser.parse(p.doc());
        } catch (IOException | RuntimeException e) {
            errors.add(p.result().argv().get(0) + ": unexpected report: " + e.getMessage());
            return List.of();
        }
    }

    @Override
    public boolean exportsMetrics() {
        return true;
    }

    /**
     * Whether a scrape should ask lvm2 at all. lvm2 is installed on most nodes, VGs are on few, and
     * pvs + vgs + lvs cost ~150 ms of process starts per scrape (more than every other collector
     * together). lvm2 writes each VG's metadata backup to /etc/lvm/backup and device-mapper devices
     * show in /sys/block: with neither there is no VG to report. The bundle always asks.
     */
    static boolean mayHaveVolumeGroups(Host host) {
        return !host.list("/etc/lvm/backup").isEmpty()
                || host.list("/sys/block").stream().anyMatch(d -> d.startsWith("dm-"));
    }

    @Override
    public void scrape(ScrapeContext context) {
        Host host = context.host();
        if (!mayHaveVolumeGroups(host)) {
            return;
        }
        Duration t = context.options().get(TIMEOUT);
        List<String> errors = new ArrayList<>();
        List<LvmModel.Pv> pvs = parse(ToolRun.parse(host.run(pvs(t)), "pvs", null, errors), LvmReport::pvs, errors);
        List<LvmModel.Vg> vgs = parse(ToolRun.parse(host.run(vgs(t)), "vgs", null, errors), LvmReport::vgs, errors);
        List<LvmModel.Lv> lvs = parse(ToolRun.parse(host.run(lvs(t)), "lvs", null, errors), LvmReport::lvs, errors);
        emit(context.metrics(), pvs, vgs, lvs);
        if (!errors.isEmpty()) {
            // what was read is emitted; the failure shows as jsos_scrape_collector_success 0 with the reason logged
            throw new IllegalStateException(String.join("; ", errors));
        }
    }

    static void emit(MetricsWriter m, List<LvmModel.Pv> pvs, List<LvmModel.Vg> vgs, List<LvmModel.Lv> lvs) {
        for (LvmModel.Vg v : vgs) {
            gaugeIfKnown(m, "jsos_lvm_vg_size_bytes", "Size of the LVM volume group in bytes.", v.size_bytes(), "vg", v.name());
            gaugeIfKnown(m, "jsos_lvm_vg_free_bytes", "Unallocated space of the LVM volume group in bytes.", v.free_bytes(), "vg", v.name());
            gaugeIfKnown(m, "jsos_lvm_vg_pvs", "Physical volumes in the LVM volume group.", v.pv_count(), "vg", v.name());
            gaugeIfKnown(m, "jsos_lvm_vg_lvs", "Logical volumes in the LVM volume group.", v.lv_count(), "vg", v.name());
            gaugeIfKnown(m, "jsos_lvm_vg_missing_pvs", "Physical volumes of the volume group that are missing.", v.missing_pv_count(), "vg", v.name());
        }
        for (LvmModel.Pv p : pvs) {
            String vg = label(p.vg());
            gaugeIfKnown(m, "jsos_lvm_pv_size_bytes", "Size of the LVM physical volume in bytes.", p.size_bytes(), "pv", p.name(), "vg", vg);
            gaugeIfKnown(m, "jsos_lvm_pv_free_bytes", "Unallocated space of the LVM physical volume in bytes.", p.free_bytes(), "pv", p.name(), "vg", vg);
        }
        for (LvmModel.Lv l : lvs) {
            String seg = label(l.segtype());
            gaugeIfKnown(m, "jsos_lvm_lv_size_bytes", "Size of the LVM logical volume in bytes.", l.size_bytes(), "vg", l.vg(), "lv", l.name(), "segtype", seg);
            gaugeIfKnown(m, "jsos_lvm_lv_data_ratio", "Used fraction of a thin pool's or thin volume's data space, or of a snapshot's COW space (0-1).",
                    ratio(l.data_percent() != null ? l.data_percent() : l.snap_percent()), "vg", l.vg(), "lv", l.name());
            gaugeIfKnown(m, "jsos_lvm_lv_metadata_ratio", "Used fraction of a thin or cache pool's metadata space (0-1).",
                    ratio(l.metadata_percent()), "vg", l.vg(), "lv", l.name());
            gaugeIfKnown(m, "jsos_lvm_lv_sync_ratio", "Synchronised fraction of a raid, mirror or cache LV (0-1).",
                    ratio(l.copy_percent()), "vg", l.vg(), "lv", l.name());
            if (l.health() != null && !l.health().equals("unknown")) {
                m.gauge("jsos_lvm_lv_healthy", "1 when lvm2 reports no health problem for the LV, else 0.",
                        l.health().equals("ok") ? 1 : 0, "vg", l.vg(), "lv", l.name());
            }
            if (l.active() != null) {
                m.gauge("jsos_lvm_lv_active", "1 when the LV is active (has a device-mapper device), else 0.",
                        l.active() ? 1 : 0, "vg", l.vg(), "lv", l.name());
            }
            m.gauge("jsos_lvm_lv_info", "LVM logical volume identity (always 1).", 1, "vg", l.vg(), "lv", l.name(), "segtype", seg,
                    "attr", label(l.attr()), "pool", label(l.pool()), "origin", label(l.origin()), "health", label(l.health()),
                    "roles", String.join(",", l.roles()));
        }
    }


    private static Double ratio(Double percent) {
        return percent == null ? null : percent / 100.0;
    }

}
