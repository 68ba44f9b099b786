package io.jsos.report.redact;

import java.util.Collection;
import java.util.Locale;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Runs {@link RedactorBenchmark} with JMH and prints MB/s per corpus. Not part of the suite (tag
 * "bench"); run it with
 * {@code mvn -o -pl report test -Djsos.test.excludedGroups= -Dtest=RedactorBenchmarkTest}
 * (add {@code -Djsos.bench.quick=true} for one measurement per benchmark).
 */
@Tag("bench")
class RedactorBenchmarkTest {

    /**
     * Cost per new value as their number grows: corpora where every line holds a new IPv4 and a new
     * IPv6 address, 125 000 to 1 000 000 lines; thread CPU time after a warm-up. Run with a big heap:
     * {@code -DargLine=-Xmx3g -Dtest=RedactorBenchmarkTest#linearity}.
     */
    @Test
    void linearity() throws Exception {
        var mx = java.lang.management.ManagementFactory.getThreadMXBean();
        RedactorBenchmark.redact(BenchCorpus.distinctAddresses(200_000, 200_000));
        RedactorBenchmark.redact(BenchCorpus.distinctAddresses(200_000, 200_000));
        for (int n : new int[] {125_000, 250_000, 500_000, 1_000_000}) {
            byte[] c = BenchCorpus.distinctAddresses(n, n);
            System.gc();
            long t = mx.getCurrentThreadCpuTime();
            RedactorBenchmark.redact(c);
            double s = (mx.getCurrentThreadCpuTime() - t) / 1e9;
            System.out.printf(Locale.ROOT, "%,9d lines, all addresses new: %6.1f MB, %5.2f s CPU, %5.1f MB/s, %.2f us per line%n",
                    n, c.length / 1e6, s, c.length / 1e6 / s, s * 1e6 / n);
        }
    }

    /**
     * Thread CPU time (less sensitive to a shared machine than wall time) of the realistic corpus
     * (32 MB) and the distinct-address corpus (300 000 lines, 1 000 addresses), five rounds each
     * ({@code -Djsos.bench.rounds=N} for more) after a warm-up; prints the range and median of MB/s and a digest of the output, so that a change meant
     * to make the engine faster can be checked not to change what it writes. Run with
     * {@code -Dtest=RedactorBenchmarkTest#cpu}.
     */
    @Test
    void cpu() throws Exception {
        var mx = java.lang.management.ManagementFactory.getThreadMXBean();
        byte[][] corpora = {BenchCorpus.realistic(32 * BenchCorpus.MB), BenchCorpus.distinctAddresses(300_000, 1_000)};
        String[] names = {"realistic", "distinct-1000"};
        for (int k = 0; k < corpora.length; k++) {
            byte[] c = corpora[k];
            for (int w = 0; w < 3; w++) {
                RedactorBenchmark.redact(c);
            }
            int rounds = Integer.getInteger("jsos.bench.rounds", 5);
            double[] mbs = new double[rounds];
            for (int round = 0; round < rounds; round++) {
                long t = mx.getCurrentThreadCpuTime();
                RedactorBenchmark.redact(c);
                mbs[round] = c.length / 1e6 / ((mx.getCurrentThreadCpuTime() - t) / 1e9);
            }
            java.util.Arrays.sort(mbs);
            double median = rounds % 2 == 1 ? mbs[rounds / 2] : (mbs[rounds / 2 - 1] + mbs[rounds / 2]) / 2;
            System.out.printf(Locale.ROOT,
                    "cpu %-14s %6.1f MB: %6.1f-%6.1f MB/s, median %6.1f (thread CPU, %d rounds), output %s%n",
                    names[k], c.length / 1e6, mbs[0], mbs[rounds - 1], median, rounds, digest(c));
        }
    }

    /**
     * The token table's memory and {@link TokenMap#mapping()}'s time with many addresses: a
     * million new IPv4 and a million new IPv6 addresses (each in its own /64), the live heap after
     * a GC, then three calls of mapping(). Run with
     * {@code -DargLine=-Xmx3g -Dtest=RedactorBenchmarkTest#tokenTable}.
     */
    @Test
    void tokenTable() throws Exception {
        int n = 1_000_000;
        TokenMap t = new TokenMap();
        byte[] a = new byte[16];
        a[0] = 0x20;
        a[1] = 0x01;
        Runtime rt = Runtime.getRuntime();
        gc();
        long before = rt.totalMemory() - rt.freeMemory();
        for (int i = 0; i < n; i++) {
            t.ip4(0x0a000000 + i * 7);
            a[5] = (byte) (i >>> 16);
            a[6] = (byte) (i >>> 8);
            a[7] = (byte) i;
            a[15] = (byte) (1 + i % 250);
            t.ip6(a);
        }
        gc();
        long live = rt.totalMemory() - rt.freeMemory() - before;
        for (int k = 0; k < 3; k++) {
            long t0 = System.nanoTime();
            int size = t.mapping().size();
            System.out.printf(Locale.ROOT, "token table of %,d IPv4 + %,d IPv6 addresses: %d MB live; mapping() of %,d tokens %.2f s%n",
                    n, n, live >> 20, size, (System.nanoTime() - t0) / 1e9);
        }
    }

    private static void gc() throws InterruptedException {
        for (int k = 0; k < 3; k++) {
            System.gc();
            Thread.sleep(100);
        }
    }

    /** SHA-256 of the redacted corpus and of its token table. */
    private static String digest(byte[] corpus) throws Exception {
        java.security.MessageDigest md = java.security.MessageDigest.getInstance("SHA-256");
        DefaultRedactor r = new DefaultRedactor(BenchCorpus.facts(), new TokenMap());
        try (java.io.OutputStream out = r.wrap(new java.security.DigestOutputStream(java.io.OutputStream.nullOutputStream(), md))) {
            for (int i = 0; i < corpus.length; i += 65536) {
                out.write(corpus, i, Math.min(65536, corpus.length - i));
            }
        }
        md.update(new java.util.TreeMap<>(r.mapping()).toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return java.util.HexFormat.of().formatHex(md.digest()).substring(0, 16);
    }

    @Test
    void run() throws Exception {
        boolean quick = Boolean.getBoolean("jsos.bench.quick");
        OptionsBuilder o = new OptionsBuilder();
        o.include(RedactorBenchmark.class.getName());
        if (quick) {
            o.warmupIterations(1).measurementIterations(2);
        }
        o.jvmArgsAppend("-cp", System.getProperty("java.class.path"));
        Collection<RunResult> results = new Runner(o.build()).run();
        long realistic = BenchCorpus.realistic(100 * BenchCorpus.MB).length;
        System.out.println();
        System.out.println("corpus                                   size     ms/op      MB/s");
        for (RunResult r : results) {
            String name = r.getParams().getBenchmark().replaceAll(".*\\.", "");
            String distinct = r.getParams().getParam("distinct");
            long size = distinct == null ? realistic : BenchCorpus.distinctAddresses(1_000_000, Integer.parseInt(distinct)).length;
            double ms = r.getPrimaryResult().getScore();
            System.out.printf(Locale.ROOT, "%-38s %6.1f MB %9.0f %9.1f%n",
                    distinct == null ? name + " (100 MB bundle-like text)" : name + " (" + distinct + " distinct addresses)",
                    size / 1e6, ms, size / 1e6 / (ms / 1000));
        }
    }
}
