package io.jsos.api.findings;

/**
 * One fact a finding rests on: a named value and the bundle file it came from, so a reader can
 * open the file and check.
 *
 * @param label what the value is ({@code "oom_kill"}, {@code "data_percent"})
 * @param value the value as read (number, string, boolean; may be null when its absence is the point)
 * @param path  the bundle path of the file it came from ({@code jsos/cgroups.json},
 *              {@code sys/fs/cgroup/kubepods.slice/memory.events}), or null
 */
public record Evidence(String label, Object value, String path) {

    /** Evidence from a bundle file. */
    public static Evidence of(String label, Object value, String path) {
        return new Evidence(label, value, path);
    }
}
