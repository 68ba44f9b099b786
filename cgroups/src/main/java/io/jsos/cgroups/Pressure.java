package io.jsos.cgroups;

/**
 * A cgroup's pressure stall information (v2 {@code cpu.pressure}, {@code memory.pressure},
 * {@code io.pressure}); each null when the file is missing (kernel without PSI, v1 hierarchy).
 */
public record Pressure(Psi cpu, Psi memory, Psi io) {
}
