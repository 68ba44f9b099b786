package io.jsos.perf;

import java.util.List;
import java.util.Map;

/**
 * A tiny program the privilege test runs as an unprivileged user: opens task-clock, context-switches
 * and cycles on a target and prints one line per event, {@code name<TAB>state<TAB>errno}.
 * Targets: {@code system} (pid -1, cpu 0), {@code self} (this thread), {@code self-user} (this thread,
 * excluding the kernel as paranoid 2 demands of unprivileged users).
 */
public final class PerfProbe {

    private PerfProbe() {
    }

    public static void main(String[] args) {
        List<PerfEvent> ev = List.of(EventCatalog.named("task-clock").orElseThrow(),
                EventCatalog.named("context-switches").orElseThrow(), EventCatalog.named("cycles").orElseThrow());
        CounterGroup.Target t = args[0].equals("system") ? new CounterGroup.Target(-1, 0, 0, "cpu 0")
                : new CounterGroup.Target(0, -1, 0, "self");
        long flags = args[0].equals("self-user") ? PerfAbi.ATTR_EXCLUDE_KERNEL | PerfAbi.ATTR_EXCLUDE_HV : 0;
        try (CounterGroup g = CounterGroup.open(LibcPerfSys.get(), ev, t, flags, new FdBudget(16), Map.of())) {
            g.statuses().forEach((e, s) -> System.out.println(e.name() + "\t" + s.state() + "\t" + s.errno() + "\t" + s.reason()));
        }
    }
}
