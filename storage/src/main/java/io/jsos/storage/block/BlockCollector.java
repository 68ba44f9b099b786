package io.jsos.storage.block;

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

import java.time.Duration;
import java.util.List;

import static io.jsos.storage.Metrics.gaugeIfKnown;
import static io.jsos.storage.Metrics.label;

/**
 * Block devices: sizes, rotational, I/O scheduler and queue settings, partitions, the stacking of
 * devices (holders/slaves: a disk under LVM, dm-crypt, md, multipath), device-mapper names,
 * diskstats, block-backed mounts, and multipath when its tools are installed. Reads sysfs and
 * procfs only, so a hung device cannot hang it; lsblk and multipath run under a kill timeout.
 *
 * <p>Bundle: {@code proc/diskstats}, {@code proc/partitions}, {@code sos_commands/block/lsblk.json},
 * {@code multipath_-ll}, {@code etc/multipath.conf}, {@code jsos/block.json} ({@link BlockModel}).
 */
public final class BlockCollector implements Collector {

    static final OptionSpec<Duration> TIMEOUT = OptionSpec.duration("timeout", Duration.ofSeconds(10),
            "how long lsblk and multipath may take before they are killed");

    @Override
    public String name() {
        return "block";
    }

    @Override
    public String description() {
        return "Block devices: size, rotational, scheduler, queue settings, partitions, holders/slaves, dm names, diskstats, mounts, multipath";
    }

    @Override
    public Applicability applies(Host host) {
        return Applicability.ifAnyExists(host, "/sys/block");
    }

    @Override
    public List<OptionSpec<?>> options() {
        return List.of(TIMEOUT);
    }

    @Override
    public void collect(CollectContext context) {
        Host host = context.host();
        Bundle bundle = context.bundle();
        Duration t = context.options().get(TIMEOUT);
        bundle.copy("/proc/diskstats", "/proc/partitions", "/etc/multipath.conf");
        bundle.copyTree("/etc/multipath", "*", 2);
        List<BlockModel.Device> devices = BlockReader.devices(host);
        if (host.which("lsblk").isPresent()) {
            bundle.command("lsblk.json", Command.of("lsblk", "-J", "-b", "-O").timeout(t));
        }
        BlockModel.Multipath mp = new BlockModel.Multipath(false, null, null);
        if (host.which("multipath").isPresent()) {
            CommandResult r = bundle.command("multipath_-ll", Command.of("multipath", "-ll").timeout(t));
            mp = new BlockModel.Multipath(true, r.exitCode(), r.summary());
        }
        bundle.text("devices", table(devices));
        bundle.json(new BlockModel(devices, BlockReader.mounts(host, devices), mp));
    }

    static String table(List<BlockModel.Device> devices) {
        StringBuilder sb = new StringBuilder(String.format("%-12s %16s %4s %-12s %-24s %-20s %s%n",
                "DEVICE", "SIZE_BYTES", "ROT", "SCHEDULER", "DM_NAME", "HOLDERS", "SLAVES"));
        for (BlockModel.Device d : devices) {
            sb.append(String.format("%-12s %16s %4s %-12s %-24s %-20s %s%n", d.name(), d.size_bytes(),
                    d.rotational() == null ? "?" : d.rotational() ? "1" : "0", d.scheduler(), d.dm_name() == null ? "-" : d.dm_name(),
                    String.join(",", d.holders()), String.join(",", d.slaves())));
            for (BlockModel.Partition p : d.partitions()) {
                sb.append(String.format("  %-10s %16s %4s %-12s %-24s %-20s%n", p.name(), p.size_bytes(), "", "", "", String.join(",", p.holders())));
            }
        }
        return sb.toString();
    }

    @Override
    public boolean exportsMetrics() {
        return true;
    }

    @Override
    public void scrape(ScrapeContext context) {
        emit(context.metrics(), BlockReader.devices(context.host(), false));
    }

    /** What node_exporter does not export: sizes, the stacking of devices and device-mapper names. */
    static void emit(MetricsWriter m, List<BlockModel.Device> devices) {
        for (BlockModel.Device d : devices) {
            gaugeIfKnown(m, "jsos_block_device_size_bytes", "Size of the block device in bytes (/sys/block/<device>/size).", d.size_bytes(),
                    "device", d.name());
            m.gauge("jsos_block_device_info", "Block device settings (always 1).", 1, "device", d.name(),
                    "rotational", d.rotational() == null ? "" : d.rotational() ? "1" : "0",
                    "scheduler", label(d.scheduler()), "dm_name", label(d.dm_name()));
            for (String h : d.holders()) {
                m.gauge("jsos_block_holder_info", "A device built on top of this block device or partition (always 1).", 1,
                        "device", d.name(), "holder", h);
            }
            for (BlockModel.Partition p : d.partitions()) {
                for (String h : p.holders()) {
                    m.gauge("jsos_block_holder_info", "A device built on top of this block device or partition (always 1).", 1,
                            "device", p.name(), "holder", h);
                }
            }
            if (d.dm_name() != null) {
                m.gauge("jsos_block_dm_info", "Device-mapper name and UUID of a dm device (LVM UUIDs start with LVM-) (always 1).", 1,
                        "device", d.name(), "name", d.dm_name(), "uuid", label(d.dm_uuid()));
            }
        }
    }
}
