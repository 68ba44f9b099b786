package io.jsos.agent.serve;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;

/**
 * The exporter's own resident and virtual memory and CPU time, from {@code /proc/self}, under the
 * names every Prometheus client uses ({@code process_resident_memory_bytes},
 * {@code process_virtual_memory_bytes}, {@code process_cpu_seconds_total}): Micrometer's own
 * binders give JVM-level memory only, and "how much does the exporter cost this node" is RSS.
 */
final class ProcessMemoryMetrics implements MeterBinder {

    private final Supplier<List<String>> status;
    private final Supplier<String> stat;
    private final long clockTicks;

    ProcessMemoryMetrics() {
        this(() -> lines(Path.of("/proc/self/status")), () -> text(Path.of("/proc/self/stat")), 100);
    }

    /** For tests: the data sources injected. */
    ProcessMemoryMetrics(Supplier<List<String>> status, Supplier<String> stat, long clockTicks) {
        this.status = status;
        this.stat = stat;
        this.clockTicks = clockTicks;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("process.resident.memory", this, m -> m.statusKb("VmRSS:") * 1024)
                .baseUnit("bytes").description("Resident memory size of the exporter process, in bytes.")
                .strongReference(true).register(registry);
        Gauge.builder("process.virtual.memory", this, m -> m.statusKb("VmSize:") * 1024)
                .baseUnit("bytes").description("Virtual memory size of the exporter process, in bytes.")
                .strongReference(true).register(registry);
        // Micrometer holds a binder's object weakly unless told otherwise: this one is nobody else's.
        FunctionCounter.builder("process.cpu", this, ProcessMemoryMetrics::cpuSeconds)
                .baseUnit("seconds").description("User and system CPU time the exporter process spent, in seconds.")
                .register(registry);
    }

    double statusKb(String key) {
        for (String l : status.get()) {
            if (l.startsWith(key)) {
                String[] f = l.substring(key.length()).trim().split("\\s+");
                try {
                    return Double.parseDouble(f[0]);
                } catch (NumberFormatException e) {
                    return Double.NaN;
                }
            }
        }
        return Double.NaN;
    }

    double cpuSeconds() {
        String s = stat.get();
        int close = s.lastIndexOf(')');
        if (close < 0) {
            return Double.NaN;
        }
        // After "pid (comm)": state is field 3; utime and stime are fields 14 and 15.
        String[] f = s.substring(close + 2).trim().split("\\s+");
        try {
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / (double) clockTicks;
        } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
            return Double.NaN;
        }
    }

    private static List<String> lines(Path p) {
        try {
            return Files.readAllLines(p, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            return List.of();
        }
    }

    private static String text(Path p) {
        try {
            return Files.readString(p, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            return "";
        }
    }
}
