package io.jsos.engine;

import io.jsos.api.Applicability;
import io.jsos.api.CollectContext;
import io.jsos.api.Collector;
import io.jsos.api.Command;
import io.jsos.api.Host;
import io.jsos.engine.host.LocalHost;
import io.jsos.report.BundleFormat;
import io.jsos.report.BundleSession;
import io.jsos.report.manifest.CollectorEntry;
import io.jsos.report.manifest.CollectorStatus;
import io.jsos.report.redact.Redactor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CollectionRunnerTest {

    @TempDir
    Path tmp;

    record Fake(String name, Consumer<CollectContext> body, boolean applies, Duration timeout) implements Collector {
        Fake(String name, Consumer<CollectContext> body) {
            this(name, body, true, Duration.ofSeconds(30));
        }

        @Override
        public String description() {
            return "test collector " + name;
        }

        @Override
        public Applicability applies(Host host) {
            return applies ? Applicability.yes("test") : Applicability.no("nothing here");
        }

        @Override
        public void collect(CollectContext context) {
            body.accept(context);
        }

        @Override
        public Duration defaultTimeout() {
            return timeout;
        }
    }

    private Map<String, CollectorEntry> run(List<Collector> collectors, Duration deadline, Set<String> only, Set<String> skip)
            throws IOException {
        Path root = Files.createDirectories(tmp.resolve("root/usr/bin"));
        Path hang = root.resolve("hang");
        Files.writeString(hang, "#!/bin/sh\nsleep 1000\n");
        hang.toFile().setExecutable(true);
        Host host = new LocalHost(tmp.resolve("root"));
        CollectionPlan plan = CollectionPlan.of(CollectorCatalog.of(collectors), only, skip, Map.of());
        try (BundleSession session = new BundleSession(tmp.resolve("out"), "b" + System.nanoTime(), BundleFormat.DIR,
                Redactor.none(), BundleSession.DEFAULT_FILE_CAP)) {
            List<CollectorEntry> entries = new CollectionRunner(new CollectionRunner.Settings(deadline, null, 2, false))
                    .run(plan, host, session, new CollectionRunner.Listener() { });
            return entries.stream().collect(Collectors.toMap(CollectorEntry::name, e -> e));
        }
    }

    @Test
    void aThrowingCollectorIsFailedAndTheOthersStillRun() throws IOException {
        var r = run(List.of(
                new Fake("boom", c -> {
                    throw new IllegalStateException("kaputt");
                }),
                new Fake("fine", c -> c.bundle().text("x", "hello"))), Duration.ofSeconds(20), Set.of(), Set.of());
        assertThat(r.get("boom").status()).isEqualTo(CollectorStatus.FAILED);
        assertThat(r.get("boom").reason()).contains("IllegalStateException").contains("kaputt");
        assertThat(r.get("fine").status()).isEqualTo(CollectorStatus.OK);
    }

    @Test
    void aHungCommandTimesOutItsCollectorWithinItsTimeout() throws IOException {
        long start = System.nanoTime();
        var r = run(List.of(
                new Fake("hangs", c -> c.bundle().command(Command.of("hang").timeout(Duration.ofSeconds(600))), true,
                        Duration.ofMillis(700)),
                new Fake("fine", c -> c.bundle().text("x", "hello"))), Duration.ofSeconds(20), Set.of(), Set.of());
        long tookMs = (System.nanoTime() - start) / 1_000_000;
        assertThat(r.get("hangs").status()).isEqualTo(CollectorStatus.TIMED_OUT);
        assertThat(r.get("hangs").reason()).contains("700 ms");
        assertThat(r.get("fine").status()).isEqualTo(CollectorStatus.OK);
        assertThat(tookMs).isLessThan(10_000);
    }

    @Test
    void aCollectorStuckInJavaCodeIsAbandonedAtTheRunDeadline() throws IOException {
        var r = run(List.of(
                new Fake("spins", c -> {
                    long end = System.nanoTime() + 60_000_000_000L;
                    while (System.nanoTime() < end) {
                        // ignores interrupts, like a badly written plugin
                        Thread.onSpinWait();
                    }
                })), Duration.ofSeconds(1), Set.of(), Set.of());
        assertThat(r.get("spins").status()).isEqualTo(CollectorStatus.TIMED_OUT);
        assertThat(r.get("spins").reason()).contains("--timeout");
    }

    @Test
    void notApplicableAndSkippedAreRecordedWithReasons() throws IOException {
        var r = run(List.of(
                new Fake("absent", c -> { }, false, Duration.ofSeconds(5)),
                new Fake("unwanted", c -> { }),
                new Fake("wanted", c -> { })), Duration.ofSeconds(10), Set.of(), Set.of("unwanted"));
        assertThat(r.get("absent").status()).isEqualTo(CollectorStatus.NOT_APPLICABLE);
        assertThat(r.get("absent").reason()).isEqualTo("nothing here");
        assertThat(r.get("unwanted").status()).isEqualTo(CollectorStatus.SKIPPED);
        assertThat(r.get("unwanted").reason()).contains("--skip");
        assertThat(r.get("wanted").status()).isEqualTo(CollectorStatus.OK);
    }

    @Test
    void unknownNamesInOnlyAreAUsageErrorNamingTheKnownOnes() {
        assertThatThrownBy(() -> CollectionPlan.of(CollectorCatalog.of(List.of(new Fake("a", c -> { }))),
                Set.of("nope"), Set.of(), Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown collector 'nope'").hasMessageContaining("known: a");
    }

    @Test
    void duplicateNamesAreReportedAsProblems() {
        CollectorCatalog c = CollectorCatalog.of(List.of(new Fake("a", x -> { }), new Fake("a", x -> { })));
        assertThat(c.entries()).hasSize(1);
        assertThat(c.problems()).singleElement().extracting(CollectorCatalog.Problem::reason).asString().contains("already provided");
    }
}
