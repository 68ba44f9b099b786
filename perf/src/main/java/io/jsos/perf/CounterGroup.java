package io.jsos.perf;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One perf event group on one target (a cpu, a pid, or a cgroup on a cpu): the first event that
 * opens leads, the others join it, so one {@code read(2)} returns all their values counted over the
 * same time. Events that fail to open are kept with their {@link EventStatus}; the group counts the
 * rest.
 *
 * <p>Life cycle: {@link #open} (created disabled) → {@link #enable()} → {@link #read()} any number
 * of times → {@link #close()}, which closes every fd (members first, then the leader) and is safe to
 * call twice. {@code open} itself closes what it opened if it fails half way.
 *
 * <p>Not thread-safe: one owner at a time ({@link PerfCounters} synchronises scrapes).
 */
public final class CounterGroup implements AutoCloseable {

    /** Where a group counts: the perf_event_open pid/cpu/flags and a label for reasons ("cpu 1", "pid 42"). */
    public record Target(int pid, int cpu, long flags, String label) {
    }

    /** One event's value in a group read: raw, and scaled for multiplexing. */
    public record Count(PerfEvent event, long raw, long scaled, long enabledNs, long runningNs) {
        /** time_running / time_enabled: 1 when it counted all the time, 0 when it never ran. */
        public double scalingRatio() {
            return enabledNs <= 0 ? 0 : Math.min(1.0, (double) runningNs / enabledNs);
        }

        public boolean counted() {
            return runningNs > 0;
        }
    }

    private final PerfSys sys;
    private final Target target;
    private final FdBudget budget;
    private final List<PerfEvent> opened = new ArrayList<>();
    private final int[] fds;
    private final Map<PerfEvent, EventStatus> statuses = new LinkedHashMap<>();
    private byte[] buf;
    private int nFds;
    private boolean closed;

    private CounterGroup(PerfSys sys, Target target, FdBudget budget, int capacity) {
        this.sys = sys;
        this.target = target;
        this.budget = budget;
        this.fds = new int[capacity];
    }

    /**
     * Opens the events as one group on the target, disabled.
     *
     * @param attrFlags extra attr bits for every event ({@link PerfAbi#ATTR_EXCLUDE_KERNEL} when the
     *                  paranoid level demands it, {@link PerfAbi#ATTR_INHERIT} to follow children)
     * @param skip      events already known not to work (not even tried; their status is copied)
     */
    public static CounterGroup open(PerfSys sys, List<PerfEvent> events, Target target, long attrFlags,
                                    FdBudget budget, Map<PerfEvent, EventStatus> skip) {
        CounterGroup g = new CounterGroup(sys, target, budget, Math.max(1, events.size()));
        try {
            EventStatus targetGone = null;
            for (PerfEvent e : events) {
                if (targetGone != null) {
                    g.statuses.put(e, targetGone);
                    continue;
                }
                EventStatus known = skip.get(e);
                if (known != null) {
                    g.statuses.put(e, known);
                    continue;
                }
                if (!budget.take()) {
                    g.statuses.put(e, EventStatus.fdBudget(budget.max()));
                    continue;
                }
                boolean leader = g.nFds == 0;
                byte[] attr = PerfAbi.encodeAttr(e.type(), e.config(), 0, 0,
                        attrFlags | (leader ? PerfAbi.ATTR_DISABLED : 0));
                int fd = sys.perfEventOpen(attr, target.pid(), target.cpu(), leader ? -1 : g.fds[0], target.flags());
                if (fd < 0) {
                    budget.giveBack(1);
                    EventStatus st = EventStatus.fromErrno(-fd, e.kind(), target.label());
                    g.statuses.put(e, st);
                    if (st.state() == EventStatus.State.GONE) {
                        targetGone = st; // the pid/cgroup is gone: no other event will open on it
                    }
                    continue;
                }
                g.fds[g.nFds++] = fd;
                g.opened.add(e);
                g.statuses.put(e, EventStatus.supported());
            }
            return g;
        } catch (RuntimeException | Error ex) {
            g.close();
            throw ex;
        }
    }

    public Target target() {
        return target;
    }

    /** Whether at least one event opened. */
    public boolean counting() {
        return nFds > 0 && !closed;
    }

    /** Every requested event's status at open, in request order. */
    public Map<PerfEvent, EventStatus> statuses() {
        return Collections.unmodifiableMap(statuses);
    }

    public List<PerfEvent> openedEvents() {
        return Collections.unmodifiableList(opened);
    }

    /** fds this group holds. */
    public int fdCount() {
        return closed ? 0 : nFds;
    }

    /** Enables the whole group (ioctl ENABLE with PERF_IOC_FLAG_GROUP on the leader); 0 or -errno. */
    public int enable() {
        return groupIoctl(PerfAbi.IOC_ENABLE);
    }

    /** Stops the whole group; its values stay readable. 0 or -errno. */
    public int disable() {
        return groupIoctl(PerfAbi.IOC_DISABLE);
    }

    /** Zeroes the whole group's values (enabled/running times keep running). 0 or -errno. */
    public int reset() {
        return groupIoctl(PerfAbi.IOC_RESET);
    }

    private int groupIoctl(long request) {
        if (!counting()) {
            return 0;
        }
        int r = sys.ioctl(fds[0], request, PerfAbi.IOC_FLAG_GROUP);
        return Math.min(r, 0);
    }

    /**
     * Reads every opened event's value in one read(2) of the leader.
     *
     * @return the counts in open order (empty when nothing opened)
     * @throws PerfReadException when the read fails or returns a malformed buffer
     */
    public List<Count> read() {
        if (!counting()) {
            return List.of();
        }
        int want = PerfAbi.groupReadSize(nFds);
        if (buf == null || buf.length != want) {
            buf = new byte[want]; // once: the group's size is fixed after open
        }
        byte[] b = buf;
        int n = sys.read(fds[0], b);
        if (n < 0) {
            throw new PerfReadException(-n, "read of the group on " + target.label() + " failed: errno " + -n);
        }
        return parseGroupRead(b, n, opened);
    }

    /** Parses a PERF_FORMAT_GROUP|TOTAL_TIME_ENABLED|TOTAL_TIME_RUNNING read. Pure, for tests. */
    static List<Count> parseGroupRead(byte[] b, int length, List<PerfEvent> events) {
        if (length < 24) {
            throw new PerfReadException(0, "short group read: " + length + " bytes");
        }
        ByteBuffer bb = ByteBuffer.wrap(b, 0, length).order(ByteOrder.nativeOrder());
        long nr = bb.getLong(0);
        long enabled = bb.getLong(8);
        long running = bb.getLong(16);
        if (nr != events.size() || length < PerfAbi.groupReadSize((int) nr)) {
            throw new PerfReadException(0, "group read has " + nr + " values in " + length + " bytes, expected "
                    + events.size());
        }
        List<Count> out = new ArrayList<>(events.size());
        for (int i = 0; i < nr; i++) {
            long v = bb.getLong(24 + 8 * i);
            out.add(new Count(events.get(i), v, PerfAbi.scale(v, enabled, running), enabled, running));
        }
        return out;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        // Members first, then the leader, so no member is ever left as an orphan leader.
        for (int i = nFds - 1; i >= 0; i--) {
            sys.close(fds[i]);
        }
        budget.giveBack(nFds);
    }

    /** A failed group read. */
    public static final class PerfReadException extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final int errno;

        public PerfReadException(int errno, String message) {
            super(message);
            this.errno = errno;
        }

        public int errno() {
            return errno;
        }
    }
}
