package io.jsos.perf;

/**
 * Whether an event could be counted, and why not: the per-event answer jsos always gives (never a
 * silent "success" with no data).
 *
 * @param state  the outcome
 * @param errno  the kernel's errno when perf_event_open (or open of a cgroup) failed, else 0
 * @param reason one line for people: what the errno means for perf, and what would help
 */
public record EventStatus(State state, int errno, String reason) {

    /** The outcome of opening (and reading) one event. */
    public enum State {
        /** Opened and counting. */
        SUPPORTED("supported"),
        /** Opened, but never scheduled on the PMU during the window (perf's {@code <not counted>}). */
        NOT_COUNTED("not counted"),
        /** This kernel/CPU/VM has no such event: ENOENT, EOPNOTSUPP, ENODEV, or an unknown/unresolvable name. */
        NOT_SUPPORTED("not supported"),
        /** EACCES/EPERM: perf_event_paranoid or missing CAP_PERFMON/CAP_SYS_ADMIN. */
        NOT_PERMITTED("not permitted"),
        /** EINVAL/E2BIG/EOVERFLOW: the kernel refused this attr (bad config, too old a kernel). */
        INVALID("invalid"),
        /** EMFILE/ENFILE: out of file descriptors, or jsos's own fd budget was reached. */
        TOO_MANY_FILES("too many files"),
        /** ESRCH or a vanished cgroup: the target is gone. */
        GONE("target gone"),
        /** EBUSY: the PMU is held exclusively by someone else. */
        BUSY("busy"),
        /** Anything else. */
        FAILED("failed");

        private final String label;

        State(String label) {
            this.label = label;
        }

        /** The words used in the bundle's tables and JSON ("not supported"). */
        public String label() {
            return label;
        }
    }

    public static final int EPERM = 1;
    public static final int ENOENT = 2;
    public static final int ESRCH = 3;
    public static final int E2BIG = 7;
    public static final int EBADF = 9;
    public static final int EACCES = 13;
    public static final int EFAULT = 14;
    public static final int EBUSY = 16;
    public static final int ENODEV = 19;
    public static final int EINVAL = 22;
    public static final int ENFILE = 23;
    public static final int EMFILE = 24;
    public static final int ENOSPC = 28;
    public static final int EOVERFLOW = 75;
    public static final int EOPNOTSUPP = 95;

    public static EventStatus supported() {
        return new EventStatus(State.SUPPORTED, 0, "counting");
    }

    public static EventStatus notCounted() {
        return new EventStatus(State.NOT_COUNTED, 0,
                "opened, but never ran on the PMU in the window (time_running 0: too many events for the counters, or nothing ran in the target)");
    }

    public static EventStatus unknownEvent(String name, String why) {
        return new EventStatus(State.NOT_SUPPORTED, 0, "unknown event '" + name + "': " + why);
    }

    public static EventStatus notSupported(String reason) {
        return new EventStatus(State.NOT_SUPPORTED, 0, reason);
    }

    public static EventStatus gone(String reason) {
        return new EventStatus(State.GONE, 0, reason);
    }

    public static EventStatus fdBudget(int budget) {
        return new EventStatus(State.TOO_MANY_FILES, 0,
                "jsos's perf fd budget (" + budget + ") reached; raise -o perf.max-fds or count fewer events/cgroups");
    }

    /**
     * What an errno from {@code perf_event_open(2)} means for one event.
     *
     * @param errno   the kernel's errno (positive)
     * @param kind    the event's kind ("hardware", "software", "hw-cache", "tracepoint") to tailor the reason
     * @param target  what was being opened ("cpu 0", "pid 42", "cgroup /a") for the reason
     */
    public static EventStatus fromErrno(int errno, String kind, String target) {
        String on = target == null || target.isEmpty() ? "" : " (" + target + ")";
        return switch (errno) {
            case ENOENT -> new EventStatus(State.NOT_SUPPORTED, errno, "ENOENT: no such event on this machine"
                    + ("hardware".equals(kind) || "hw-cache".equals(kind)
                    ? ": no hardware PMU exposes it (a VM without a virtual PMU, or the CPU lacks it)" : "") + on);
            case EOPNOTSUPP -> new EventStatus(State.NOT_SUPPORTED, errno,
                    "EOPNOTSUPP: the PMU cannot do this (e.g. no sampling/exclusion support, or cgroup events on a PMU without them)" + on);
            case ENODEV -> new EventStatus(State.NOT_SUPPORTED, errno, "ENODEV: no such PMU or CPU" + on);
            case EACCES, EPERM -> new EventStatus(State.NOT_PERMITTED, errno, (errno == EACCES ? "EACCES" : "EPERM")
                    + ": not permitted by perf_event_paranoid; needs CAP_PERFMON (or CAP_SYS_ADMIN), or a lower"
                    + " /proc/sys/kernel/perf_event_paranoid (-1/0 for CPU-wide and cgroup counting, <=1 with kernel"
                    + " events of own processes, 2 counts user space of own processes only)" + on);
            case EINVAL -> new EventStatus(State.INVALID, errno,
                    "EINVAL: the kernel rejected this event's settings (bad config value, a cpu that is offline, or a flag"
                            + " this kernel does not know)" + on);
            case E2BIG -> new EventStatus(State.INVALID, errno, "E2BIG: this kernel is older than the perf_event_attr jsos sends" + on);
            case EOVERFLOW -> new EventStatus(State.INVALID, errno, "EOVERFLOW: a value in the attr is out of range" + on);
            case EMFILE -> new EventStatus(State.TOO_MANY_FILES, errno,
                    "EMFILE: this process is out of file descriptors (ulimit -n); count fewer events/cgroups" + on);
            case ENFILE -> new EventStatus(State.TOO_MANY_FILES, errno, "ENFILE: the system is out of file descriptors" + on);
            case ESRCH -> new EventStatus(State.GONE, errno, "ESRCH: no such process (it exited)" + on);
            case EBADF -> new EventStatus(State.GONE, errno, "EBADF: the cgroup or group fd is not valid" + on);
            case EBUSY -> new EventStatus(State.BUSY, errno, "EBUSY: another user holds the PMU exclusively" + on);
            case ENOSPC -> new EventStatus(State.FAILED, errno, "ENOSPC: no room for more breakpoints/events on this PMU" + on);
            case EFAULT -> new EventStatus(State.FAILED, errno, "EFAULT: bad attr address (a jsos bug)" + on);
            default -> new EventStatus(State.FAILED, errno, "errno " + errno + on);
        };
    }

    public boolean ok() {
        return state == State.SUPPORTED;
    }

    /** Not worth trying on other targets: the event itself is the problem, not this cpu/pid/cgroup. */
    public boolean eventLevel() {
        return state == State.NOT_SUPPORTED || state == State.NOT_PERMITTED || state == State.INVALID;
    }

    @Override
    public String toString() {
        return state.label() + (errno != 0 || !reason.isEmpty() ? ": " + reason : "");
    }
}
