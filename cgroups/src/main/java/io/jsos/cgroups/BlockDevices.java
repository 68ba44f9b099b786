package io.jsos.cgroups;

import io.jsos.api.Host;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Names block devices for the I/O metrics' {@code device} label as cAdvisor does ({@code /dev/sda}):
 * {@code MAJ:MIN} → the {@code DEVNAME} of {@code /sys/dev/block/MAJ:MIN/uevent}, read through the
 * host (so {@code --host-root} names the node's devices). A device sysfs does not know (removed, or
 * sysfs not mounted) keeps its {@code MAJ:MIN}: a series with a less friendly label beats none.
 *
 * <p>One instance per scrape: each device is looked up once however many cgroups did I/O on it,
 * and a device replaced between scrapes is named afresh.
 */
final class BlockDevices implements Function<String, String> {

    /** No node to ask: every device keeps its MAJ:MIN. */
    static final Function<String, String> NUMBERS = Function.identity();

    private final Host host;
    private final Map<String, String> names = new HashMap<>();

    BlockDevices(Host host) {
        this.host = host;
    }

    @Override
    public String apply(String majMin) {
        return names.computeIfAbsent(majMin, this::lookUp);
    }

    private String lookUp(String majMin) {
        if (!Blkio.isDevice(majMin)) {
            return majMin;
        }
        for (String line : host.tryReadLines("/sys/dev/block/" + majMin + "/uevent")) {
            if (line.startsWith("DEVNAME=")) {
                String name = line.substring("DEVNAME=".length()).strip();
                // a name is a path below /dev (e.g. "mapper/..." is not used, "dm-0" is); never let it climb out
                if (!name.isEmpty() && !name.contains("..") && !name.startsWith("/")) {
                    return "/dev/" + name;
                }
            }
        }
        return majMin;
    }
}
