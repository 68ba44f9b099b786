package com.example.jsos.raid;

import io.jsos.api.ApiVersion;
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

/**
 * RAID controllers managed by {@code raidctl}: what it copies, what it runs, what it emits.
 *
 * <ul>
 *   <li>bundle: {@code etc/raidctl.conf} (its password and API token are redacted by jsos on the way in),
 *       the tail of {@code var/log/raidctl/events.log}, {@code sos_commands/raid/status.json} (raidctl's own
 *       output), {@code sos_commands/raid/summary} (a readable table) and {@code jsos/raid.json} (the model);</li>
 *   <li>metrics: {@code raid_volume_state}, {@code raid_volume_size_bytes}, {@code raid_disk_state},
 *       {@code raid_disk_media_errors_total}, {@code raid_disk_other_errors_total},
 *       {@code raid_disk_predictive_failures_total}, {@code raid_disk_temperature_celsius},
 *       {@code raid_controller_info}, {@code raid_cli_success}.</li>
 * </ul>
 */
public final class RaidCollector implements Collector {

    static final String PROGRAM = "raidctl";
    static final String CONFIG = "/etc/raidctl.conf";
    static final String EVENTS = "/var/log/raidctl/events.log";

    /** raidctl talks to the controller's firmware, which can stall during a rebuild: never wait on it for long. */
    static final OptionSpec<Duration> CLI_TIMEOUT = OptionSpec.duration("cli-timeout", Duration.ofSeconds(10),
            "how long raidctl may take before it is killed");
    static final OptionSpec<Long> EVENTS_BYTES = OptionSpec.longValue("events-bytes", 4L << 20,
            "how much of the end of raidctl's event log to copy");

    @Override
    public String name() {
        return "raid";
    }

    @Override
    public String description() {
        return "RAID controllers via raidctl: config, event log, volume and disk health";
    }

    /** The API this plugin was compiled against: javac writes the constant's value into this class. */
    @Override
    public String apiVersion() {
        return ApiVersion.CURRENT;
    }

    @Override
    public Applicability applies(Host host) {
        return Applicability.ifProgram(host, PROGRAM);
    }

    @Override
    public List<OptionSpec<?>> options() {
        return List.of(CLI_TIMEOUT, EVENTS_BYTES);
    }

    @Override
    public Duration defaultTimeout() {
        return Duration.ofSeconds(30);
    }

    @Override
    public void collect(CollectContext ctx) {
        Bundle b = ctx.bundle();
        b.copy(CONFIG);
        b.copyTail(EVENTS, ctx.options().get(EVENTS_BYTES));
        CommandResult r = b.command("status.json", status(ctx.options().get(CLI_TIMEOUT)));
        if (!r.ok()) {
            ctx.log().warn("raidctl status --json: " + r.summary() + "; no model written");
            return;
        }
        RaidStatus status;
        try {
            status = RaidStatus.parse(r.stdoutText());
        } catch (IllegalArgumentException e) {
            // The raw output is already in the bundle beside this message: nothing is lost.
            ctx.log().warn("raidctl status --json printed something this plugin cannot read (" + e.getMessage()
                    + "); its raw output is in sos_commands/raid/status.json");
            return;
        }
        b.json(status.toModel());
        b.text("summary", summary(status));
        ctx.log().info(status.controllers().size() + " controller(s) read");
    }

    @Override
    public boolean exportsMetrics() {
        return true;
    }

    @Override
    public void scrape(ScrapeContext ctx) {
        MetricsWriter m = ctx.metrics();
        CommandResult r = ctx.host().run(status(ctx.options().get(CLI_TIMEOUT)));
        RaidStatus status = null;
        if (r.ok()) {
            try {
                status = RaidStatus.parse(r.stdoutText());
            } catch (IllegalArgumentException e) {
                ctx.log().warn("raidctl status --json: " + e.getMessage());
            }
        } else {
            ctx.log().warn("raidctl status --json: " + r.summary());
        }
        m.gauge("raid_cli_success", "Whether raidctl status answered with JSON this plugin could read (1) or not (0).",
                status != null ? 1 : 0);
        if (status != null) {
            emit(status, m);
        }
    }

    static Command status(Duration timeout) {
        return Command.of(PROGRAM, "status", "--json").timeout(timeout).outputCap(8L << 20);
    }

    /** The metrics view of the model. States are state sets: one series per known state, 1 for the current one. */
    static void emit(RaidStatus status, MetricsWriter m) {
        for (RaidStatus.Controller c : status.controllers()) {
            String ctl = Integer.toString(c.id());
            m.gauge("raid_controller_info", "RAID controller identity; always 1.", 1,
                    "controller", ctl, "model", c.model(), "firmware", c.firmware(), "status", c.status());
            for (RaidStatus.Volume v : c.volumes()) {
                String vol = v.name().isEmpty() ? Integer.toString(v.id()) : v.name();
                for (String s : states(RaidStatus.VOLUME_STATES, v.state())) {
                    m.gauge("raid_volume_state", "Volume state: 1 for the current one.", s.equals(v.state()) ? 1 : 0,
                            "controller", ctl, "volume", vol, "state", s);
                }
                m.gauge("raid_volume_size_bytes", "Volume size in bytes.", v.sizeBytes(),
                        "controller", ctl, "volume", vol, "level", v.level());
                if (v.rebuildPercent() != null) {
                    m.gauge("raid_volume_rebuild_ratio", "How far the running rebuild has come, 0 to 1.",
                            v.rebuildPercent() / 100.0, "controller", ctl, "volume", vol);
                }
            }
            for (RaidStatus.Disk d : c.disks()) {
                String slot = Integer.toString(d.slot());
                for (String s : states(RaidStatus.DISK_STATES, d.state())) {
                    m.gauge("raid_disk_state", "Physical disk state: 1 for the current one.", s.equals(d.state()) ? 1 : 0,
                            "controller", ctl, "slot", slot, "state", s);
                }
                m.counter("raid_disk_media_errors_total", "Media errors the controller counted on the disk.",
                        d.mediaErrors(), "controller", ctl, "slot", slot);
                m.counter("raid_disk_other_errors_total", "Other errors (link, timeout) the controller counted on the disk.",
                        d.otherErrors(), "controller", ctl, "slot", slot);
                m.counter("raid_disk_predictive_failures_total", "SMART predictive failure events of the disk.",
                        d.predictiveFailures(), "controller", ctl, "slot", slot);
                if (d.temperatureCelsius() != null) {
                    m.gauge("raid_disk_temperature_celsius", "Disk temperature in degrees Celsius.",
                            d.temperatureCelsius(), "controller", ctl, "slot", slot);
                }
            }
        }
    }

    /** The known states, plus the current one when raidctl reports one this plugin does not know. */
    private static List<String> states(List<String> known, String current) {
        if (known.contains(current)) {
            return known;
        }
        List<String> all = new java.util.ArrayList<>(known);
        all.add(current);
        return all;
    }

    /** A table a support engineer reads first: one line per volume and per disk. */
    static String summary(RaidStatus status) {
        StringBuilder sb = new StringBuilder();
        for (RaidStatus.Controller c : status.controllers()) {
            sb.append(String.format("controller %d: %s, firmware %s, %s%n", c.id(), c.model(), c.firmware(), c.status()));
            sb.append(String.format("  %-4s %-12s %-7s %16s  %-10s %s%n", "VOL", "NAME", "LEVEL", "SIZE_BYTES", "STATE", "DISKS"));
            for (RaidStatus.Volume v : c.volumes()) {
                sb.append(String.format("  %-4d %-12s %-7s %16d  %-10s %s%s%n", v.id(), v.name(), v.level(), v.sizeBytes(),
                        v.state(), v.disks(), v.rebuildPercent() == null ? "" : String.format(" (rebuild %.0f%%)", v.rebuildPercent())));
            }
            sb.append(String.format("  %-4s %-12s %-12s %8s %8s %8s %6s%n", "SLOT", "STATE", "SERIAL", "MEDIA", "OTHER", "PRED", "TEMP"));
            for (RaidStatus.Disk d : c.disks()) {
                sb.append(String.format("  %-4d %-12s %-12s %8d %8d %8d %6s%n", d.slot(), d.state(), d.serial(), d.mediaErrors(),
                        d.otherErrors(), d.predictiveFailures(), d.temperatureCelsius() == null ? "-"
                                : String.format("%.0f", d.temperatureCelsius())));
            }
        }
        return sb.toString();
    }
}
