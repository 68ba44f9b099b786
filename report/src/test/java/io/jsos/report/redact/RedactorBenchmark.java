package io.jsos.report.redact;

import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * JMH benchmarks of the redactor, one thread: each operation redacts a whole corpus through
 * {@link DefaultRedactor#wrap} in 64 KiB writes, with a new token table (as one bundle does).
 * {@code realistic}: 100 MB of bundle-like text. {@code distinct}: 1 000 000 log lines whose
 * addresses cycle through {@code distinct} values (1 000 to 1 000 000): the cost per MB must not
 * grow with the number of distinct values. Run through {@link RedactorBenchmarkTest} (tag "bench"),
 * which prints MB/s.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 5)
@Fork(value = 1, jvmArgsAppend = {"-Xmx3g", "-Xms3g"})
public class RedactorBenchmark {

    @State(Scope.Benchmark)
    public static class Realistic {
        byte[] corpus;

        @Setup(Level.Trial)
        public void setUp() {
            corpus = BenchCorpus.realistic(100 * BenchCorpus.MB);
        }
    }

    @State(Scope.Benchmark)
    public static class Distinct {
        @Param({"1000", "100000", "1000000"})
        public int distinct;
        byte[] corpus;

        @Setup(Level.Trial)
        public void setUp() {
            corpus = BenchCorpus.distinctAddresses(1_000_000, distinct);
        }
    }

    @Benchmark
    public long realistic(Realistic s) throws IOException {
        return redact(s.corpus);
    }

    @Benchmark
    public long distinct(Distinct s) throws IOException {
        return redact(s.corpus);
    }

    static long redact(byte[] corpus) throws IOException {
        DefaultRedactor r = new DefaultRedactor(BenchCorpus.facts(), new TokenMap());
        Counting sink = new Counting();
        try (OutputStream out = r.wrap(sink)) {
            for (int i = 0; i < corpus.length; i += 65536) {
                out.write(corpus, i, Math.min(65536, corpus.length - i));
            }
        }
        return sink.n + r.tokens().hashCode(); // the map file (sorted) is written once per bundle: not measured here
    }

    static final class Counting extends OutputStream {
        long n;

        @Override
        public void write(int b) {
            n++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            n += len;
        }
    }
}
