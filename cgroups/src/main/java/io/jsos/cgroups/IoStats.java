package io.jsos.cgroups;

import java.util.Map;

/**
 * A cgroup's block I/O: per device ({@code MAJ:MIN}) counters and limits; each map is empty when
 * the cgroup has no such file.
 *
 * @param stat         v2 {@code io.stat}: rbytes, wbytes, rios, wios, dbytes, dios per device
 * @param max          v2 {@code io.max}: rbps, wbps, riops, wiops per device ({@code max} = none)
 * @param serviceBytes v1 {@code blkio.throttle.io_service_bytes}: Read, Write, Sync, Async, Discard, Total per device
 * @param serviced     v1 {@code blkio.throttle.io_serviced}: the same in operations
 * @param serviceBytesRecursive v1 {@code blkio.throttle.io_service_bytes_recursive}: the same with descendants'
 *                     I/O included (as v2 {@code io.stat} counts it)
 * @param servicedRecursive     v1 {@code blkio.throttle.io_serviced_recursive}
 * @param throttle     v1 throttle limits: file ({@code read_bps_device}, ...) → device → limit
 */
public record IoStats(Map<String, Stats> stat, Map<String, Map<String, Limit>> max, Map<String, Stats> serviceBytes,
                      Map<String, Stats> serviced, Map<String, Stats> serviceBytesRecursive,
                      Map<String, Stats> servicedRecursive, Map<String, Map<String, Long>> throttle) {

    public IoStats {
        stat = Map.copyOf(stat);
        max = Map.copyOf(max);
        serviceBytes = Map.copyOf(serviceBytes);
        serviced = Map.copyOf(serviced);
        serviceBytesRecursive = Map.copyOf(serviceBytesRecursive);
        servicedRecursive = Map.copyOf(servicedRecursive);
        throttle = Map.copyOf(throttle);
    }

    boolean isEmpty() {
        return stat.isEmpty() && max.isEmpty() && serviceBytes.isEmpty() && serviced.isEmpty() && serviceBytesRecursive.isEmpty()
                && servicedRecursive.isEmpty() && throttle.isEmpty();
    }
}
