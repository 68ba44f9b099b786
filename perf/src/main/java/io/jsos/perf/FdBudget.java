package io.jsos.perf;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * A cap on how many perf fds jsos holds at once (each counter on each CPU of each cgroup is one fd),
 * so a node with many cgroups cannot run the agent out of descriptors. Thread-safe.
 */
public final class FdBudget {

    private final int max;
    private final AtomicInteger used = new AtomicInteger();

    public FdBudget(int max) {
        this.max = Math.max(1, max);
    }

    /** Takes one fd from the budget; false when it is spent. */
    public boolean take() {
        while (true) {
            int u = used.get();
            if (u >= max) {
                return false;
            }
            if (used.compareAndSet(u, u + 1)) {
                return true;
            }
        }
    }

    public void giveBack(int n) {
        used.addAndGet(-n);
    }

    public int used() {
        return used.get();
    }

    public int max() {
        return max;
    }
}
