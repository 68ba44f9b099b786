package io.jsos.perf;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.IntSupplier;

/**
 * A kernel stand-in for tests: events open or fail with a chosen errno, group reads return
 * chosen values, and every fd is tracked so a test can prove none leaks.
 */
final class FakePerfSys implements PerfSys {

    /** errno per (type, config) key; absent = opens. */
    final Map<String, Integer> failures = new HashMap<>();
    /** errno for any open once this many fds are open (simulated EMFILE), or -1. */
    int emfileAfter = -1;
    /** errno for opening a cgroup directory, or 0. */
    int dirErrno;
    final Set<Integer> openFds = new HashSet<>();
    final Map<Integer, Integer> leaderOf = new HashMap<>();
    final Map<Integer, Integer> members = new HashMap<>();
    int nextFd = 1000;
    int opens;
    long enabledNs = 2_000_000_000L;
    long runningNs = 1_000_000_000L;
    IntSupplier value = () -> 1000;
    String unavailable;

    static String key(int type, long config) {
        return type + ":" + config;
    }

    void fail(String eventName, int errno) {
        PerfEvent e = EventCatalog.named(eventName).orElseThrow();
        failures.put(key(e.type(), e.config()), errno);
    }

    @Override
    public int perfEventOpen(byte[] attr, int pid, int cpu, int groupFd, long flags) {
        ByteBuffer b = ByteBuffer.wrap(attr).order(ByteOrder.LITTLE_ENDIAN);
        int type = b.getInt(0);
        long config = b.getLong(8);
        if (b.getInt(4) != PerfAbi.ATTR_SIZE || b.getLong(32) != PerfAbi.READ_FORMAT) {
            return -EventStatus.EINVAL;
        }
        if ((flags & PerfAbi.FLAG_PID_CGROUP) != 0 && cpu < 0) {
            return -EventStatus.EINVAL;
        }
        if (pid > 0 && pid >= 4_000_000 && (flags & PerfAbi.FLAG_PID_CGROUP) == 0) {
            return -EventStatus.ESRCH;
        }
        if (emfileAfter >= 0 && openFds.size() >= emfileAfter) {
            return -EventStatus.EMFILE;
        }
        Integer err = failures.get(key(type, config));
        if (err != null) {
            return -err;
        }
        int fd = nextFd++;
        openFds.add(fd);
        opens++;
        if (groupFd >= 0) {
            leaderOf.put(fd, groupFd);
            members.merge(groupFd, 1, Integer::sum);
        } else {
            members.put(fd, 0);
        }
        return fd;
    }

    @Override
    public int read(int fd, byte[] buf) {
        if (!openFds.contains(fd)) {
            return -EventStatus.EBADF;
        }
        int n = 1 + members.getOrDefault(fd, 0);
        ByteBuffer b = ByteBuffer.wrap(buf).order(ByteOrder.nativeOrder());
        b.putLong(0, n).putLong(8, enabledNs).putLong(16, runningNs);
        for (int i = 0; i < n; i++) {
            b.putLong(24 + 8 * i, value.getAsInt() + i);
        }
        return PerfAbi.groupReadSize(n);
    }

    @Override
    public int ioctl(int fd, long request, long arg) {
        return openFds.contains(fd) ? 0 : -EventStatus.EBADF;
    }

    @Override
    public int close(int fd) {
        return openFds.remove(fd) ? 0 : -EventStatus.EBADF;
    }

    @Override
    public int openReadOnly(String path) {
        if (dirErrno != 0) {
            return -dirErrno;
        }
        if (!new java.io.File(path).isDirectory()) {
            return -EventStatus.ENOENT;
        }
        int fd = nextFd++;
        openFds.add(fd);
        return fd;
    }

    @Override
    public String unavailableReason() {
        return unavailable;
    }
}
