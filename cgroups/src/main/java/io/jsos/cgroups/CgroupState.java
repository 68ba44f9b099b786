package io.jsos.cgroups;

/**
 * Whether a cgroup has processes and whether it is frozen.
 *
 * @param populated    v2 {@code cgroup.events populated}: processes in it or below it
 * @param frozen       v2 {@code cgroup.events frozen}
 * @param freeze       v2 {@code cgroup.freeze}: a freeze was requested
 * @param freezerState v1 {@code freezer.state}: THAWED, FREEZING or FROZEN
 */
public record CgroupState(Boolean populated, Boolean frozen, Boolean freeze, String freezerState) {
}
