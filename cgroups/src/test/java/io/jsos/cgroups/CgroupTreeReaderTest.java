package io.jsos.cgroups;

import io.jsos.api.Host;
import io.jsos.testkit.CollectorHarness;
import io.jsos.testkit.FixtureHost;
import io.jsos.testkit.ScrapeHarness;
import io.jsos.report.manifest.CollectorStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

import static io.jsos.cgroups.MiniV2.CG;
import static org.assertj.core.api.Assertions.assertThat;

/** Bad input: cgroups that vanish, odd content, missing controllers, unreadable files, caps and deadlines. */
class CgroupTreeReaderTest {

    @TempDir
    Path tmp;

    private static CgroupTree read(Host host, CgroupTreeReader.Profile profile) {
        return new CgroupTreeReader(host, new CgroupTreeReader.Settings(profile, 1000), () -> false).read();
    }

    private FixtureHost twoChildren() {
        FixtureHost h = MiniV2.host(tmp.resolve("root"));
        MiniV2.child(h, "/a.slice");
        MiniV2.child(h, "/b.slice");
        MiniV2.child(h, "/c.slice");
        return h;
    }

    @Test
    void cgroupRemovedBetweenItsParentsListingAndItsOwn() {
        // a.slice is listed after the root listing named b.slice, and before b.slice's own listing
        Host host = new VanishingHost(twoChildren().build(), CG + "/a.slice", CG + "/b.slice");
        CgroupTree t = read(host, CgroupTreeReader.Profile.FULL);
        assertThat(t.cgroups()).extracting(Cgroup::path).containsExactly("/", "/a.slice", "/c.slice");
        assertThat(t.vanished()).isEqualTo(1);
        assertThat(t.problems()).isEmpty();
    }

    /** Children are not statted before they are listed: a file among them must still be neither a cgroup nor vanished. */
    @Test
    void aFileAmongTheChildrenIsNotACgroup() {
        Host host = twoChildren().file(CG + "/a.slice/notes.txt", "not a cgroup\n").file(CG + "/README", "").build();
        for (CgroupTreeReader.Profile profile : CgroupTreeReader.Profile.values()) {
            CgroupTree t = read(host, profile);
            assertThat(t.cgroups()).extracting(Cgroup::path).containsExactly("/", "/a.slice", "/b.slice", "/c.slice");
            assertThat(t.vanished()).isZero();
            assertThat(t.problems()).isEmpty();
        }
    }

    @Test
    void cgroupRemovedBetweenItsListingAndReadingItsFiles() {
        Host host = new VanishingHost(twoChildren().build(), CG + "/b.slice", CG + "/b.slice");
        CgroupTree t = read(host, CgroupTreeReader.Profile.METRICS);
        assertThat(t.cgroups()).extracting(Cgroup::path).containsExactly("/", "/a.slice", "/c.slice");
        assertThat(t.vanished()).isEqualTo(1);
        assertThat(t.problems()).isEmpty();
        ScrapeHarness.Scrape s = ScrapeHarness.scrape(new CgroupsCollector(),
                new VanishingHost(twoChildren().build(), CG + "/c.slice", CG + "/c.slice"));
        assertThat(s.value("jsos_cgroups_vanished")).contains(1.0);
        assertThat(s.value("container_processes", "id", "/c.slice")).isEmpty();
        assertThat(s.value("container_processes", "id", "/a.slice")).contains(2.0);
    }

    @Test
    void unexpectedContentIsRecordedAndTheRestKept() {
        FixtureHost h = MiniV2.host(tmp.resolve("root"));
        MiniV2.child(h, "/odd.slice")
                .file(CG + "/odd.slice/memory.stat", "anon 100\ngarbage line here\nfile x\nbrand_new_counter 7\ninactive_file 40\n")
                .file(CG + "/odd.slice/cpu.max", "banana\n")
                .file(CG + "/odd.slice/memory.current", "lots\n")
                .file(CG + "/odd.slice/memory.max", "max\n")
                .file(CG + "/odd.slice/cpu.pressure", "some nonsense\n")
                .file(CG + "/odd.slice/cgroup.procs", "10\n\n11\n");
        CgroupTree t = read(h.build(), CgroupTreeReader.Profile.FULL);
        Cgroup c = t.find("/odd.slice").orElseThrow();
        assertThat(c.memory().stat().get("brand_new_counter")).isEqualTo(7);
        assertThat(c.memory().rss()).isEqualTo(100);
        assertThat(c.memory().usage()).isNull();
        assertThat(c.memory().workingSet()).isNull();
        assertThat(c.memory().limit()).isEqualTo(Limit.UNLIMITED);
        assertThat(c.cpu().quotaUs()).isNull();
        assertThat(c.cpu().usageNs()).isEqualTo(2_000_000_000L);
        assertThat(c.pressure()).isNull();
        assertThat(c.processes()).isEqualTo(2);
        assertThat(t.problems()).containsExactlyInAnyOrder(
                "/odd.slice memory.stat: 2 malformed line(s) skipped",
                "/odd.slice cpu.max: unexpected content 'banana'",
                "/odd.slice memory.current: unexpected content 'lots'",
                "/odd.slice cpu.pressure: unexpected content 'some nonsense'");
    }

    @Test
    void maxEverywhere() {
        FixtureHost h = MiniV2.host(tmp.resolve("root"));
        MiniV2.child(h, "/free.slice")
                .file(CG + "/free.slice/memory.high", "max\n")
                .file(CG + "/free.slice/memory.swap.max", "max\n")
                .file(CG + "/free.slice/io.max", "8:0 rbps=max wbps=max riops=max wiops=max\n");
        Host host = h.build();
        Cgroup c = read(host, CgroupTreeReader.Profile.FULL).find("/free.slice").orElseThrow();
        assertThat(c.memory().limit()).isEqualTo(Limit.UNLIMITED);
        assertThat(c.memory().high()).isEqualTo(Limit.UNLIMITED);
        assertThat(c.memory().swapLimit()).isEqualTo(Limit.UNLIMITED);
        assertThat(c.cpu().quotaUs()).isEqualTo(Limit.UNLIMITED);
        assertThat(c.pids().max()).isEqualTo(Limit.UNLIMITED);
        assertThat(c.io().max().get("8:0").get("wiops")).isEqualTo(Limit.UNLIMITED);
        ScrapeHarness.Scrape s = ScrapeHarness.scrape(new CgroupsCollector(), host);
        assertThat(s.value("container_spec_memory_limit_bytes", "id", "/free.slice")).contains(0.0);
        assertThat(s.value("container_spec_memory_swap_limit_bytes", "id", "/free.slice")).contains(0.0);
        assertThat(s.value("container_spec_cpu_quota", "id", "/free.slice")).isEmpty();
        assertThat(s.value("container_threads_max", "id", "/free.slice")).contains(0.0);
        assertThat(CollectorHarness.collect(new CgroupsCollector(), host, tmp.resolve("work")).json().toString())
                .contains("\"limit\":\"max\"", "\"wbps\":\"max\"");
    }

    @Test
    void controllersNotEnabledGiveNoControllerData() {
        FixtureHost h = MiniV2.host(tmp.resolve("root"))
                .file(CG + "/bare.slice/cgroup.procs", "20\n")
                .file(CG + "/bare.slice/cgroup.threads", "20\n")
                .file(CG + "/bare.slice/cgroup.events", "populated 1\nfrozen 0\n")
                .file(CG + "/bare.slice/cgroup.type", "domain\n");
        Host host = h.build();
        CgroupTree t = read(host, CgroupTreeReader.Profile.FULL);
        Cgroup c = t.find("/bare.slice").orElseThrow();
        assertThat(c.cpu()).isNull();
        assertThat(c.memory()).isNull();
        assertThat(c.pids()).isNull();
        assertThat(c.io()).isNull();
        assertThat(c.state().populated()).isTrue();
        assertThat(t.problems()).isEmpty();
        ScrapeHarness.Scrape s = ScrapeHarness.scrape(new CgroupsCollector(), host);
        assertThat(s.samples()).filteredOn(x -> "/bare.slice".equals(x.labels().get("id")))
                .extracting(ScrapeHarness.Sample::name).containsExactlyInAnyOrder("container_processes", "container_threads");
    }

    @Test
    void unreadableFilesAreProblemsNotFailures() {
        FixtureHost h = MiniV2.host(tmp.resolve("root"));
        MiniV2.child(h, "/bad.slice")
                .symlink(CG + "/bad.slice/cpu.stat", "cpu.stat")          // a link to itself
                .symlink(CG + "/bad.slice/memory.events", "/sys/fs/cgroup/bad.slice/memory.events");
        // a directory where a file should be (as root, mode 000 would still be readable)
        assertThat(new java.io.File(h.root().toFile(), "sys/fs/cgroup/bad.slice/memory.stat").delete()).isTrue();
        h.dir(CG + "/bad.slice/memory.stat");
        Host host = h.build();
        CgroupTree t = read(host, CgroupTreeReader.Profile.FULL);
        Cgroup c = t.find("/bad.slice").orElseThrow();
        assertThat(c.memory().usage()).isEqualTo(1_048_576L);
        assertThat(c.memory().stat()).isNull();
        assertThat(c.cpu().usageNs()).isNull();
        assertThat(c.cpu().weight()).isEqualTo(100);
        assertThat(t.problems()).hasSize(3);
        assertThat(t.problems()).anyMatch(p -> p.startsWith(CG + "/bad.slice/memory.stat:"))
                .anyMatch(p -> p.startsWith(CG + "/bad.slice/cpu.stat:") && p.contains("symbolic links"))
                .anyMatch(p -> p.startsWith(CG + "/bad.slice/memory.events:"));
        assertThat(t.cgroups()).as("a directory named like a control file is not walked as a cgroup")
                .extracting(Cgroup::path).containsExactly("/", "/bad.slice");
    }

    @Test
    void theCollectorRecordsProblemsAndStaysOk() {
        FixtureHost h = MiniV2.host(tmp.resolve("root"));
        MiniV2.child(h, "/bad.slice").symlink(CG + "/bad.slice/cpu.stat", "cpu.stat");
        CollectorHarness.BundleOutcome out = CollectorHarness.collect(new CgroupsCollector(), h.build(), tmp.resolve("work"));
        assertThat(out.entry().status()).isEqualTo(CollectorStatus.OK);
        assertThat(out.entry().errors()).anyMatch(e -> e.contains("/bad.slice/cpu.stat"));
        assertThat(out.json().get("problems").toString()).contains("/bad.slice/cpu.stat");
    }

    @Test
    void maxCgroupsCap() {
        FixtureHost h = MiniV2.host(tmp.resolve("root"));
        for (int i = 0; i < 10; i++) {
            MiniV2.child(h, "/s" + i + ".slice");
        }
        CgroupTree t = new CgroupTreeReader(h.build(), new CgroupTreeReader.Settings(CgroupTreeReader.Profile.FULL, 4), () -> false).read();
        assertThat(t.cgroups()).extracting(Cgroup::path).containsExactly("/", "/s0.slice", "/s1.slice", "/s2.slice");
        assertThat(t.truncated()).isTrue();
        assertThat(t.problems()).containsExactly("stopped at max-cgroups=4: later cgroups (from /s3.slice) not read");
    }

    @Test
    void deadlineStopsTheWalk() {
        FixtureHost h = MiniV2.host(tmp.resolve("root"));
        for (int i = 0; i < 10; i++) {
            MiniV2.child(h, "/s" + i + ".slice");
        }
        AtomicInteger polls = new AtomicInteger();
        CgroupTree t = new CgroupTreeReader(h.build(), new CgroupTreeReader.Settings(CgroupTreeReader.Profile.FULL, 100),
                () -> polls.incrementAndGet() > 14).read();
        assertThat(t.truncated()).isTrue();
        assertThat(t.cgroups()).hasSizeBetween(1, 10);
        assertThat(t.problems()).singleElement().asString().startsWith("stopped early at the deadline");
    }

    @Test
    void noMountinfoFallsBackToProbing() {
        Host host = FixtureHost.in(tmp.resolve("root"))
                .file(CG + "/cgroup.controllers", "cpu memory\n")
                .file(CG + "/cgroup.procs", "1\n")
                .file(CG + "/x.slice/cgroup.procs", "5\n")
                .build();
        CgroupTree t = read(host, CgroupTreeReader.Profile.FULL);
        assertThat(t.layout().mode()).isEqualTo(CgroupLayout.Mode.V2);
        assertThat(t.layout().source()).isEqualTo("probe");
        assertThat(t.layout().notes().get(0)).contains("no readable mountinfo", "probing");
        assertThat(t.cgroups()).extracting(Cgroup::path).containsExactly("/", "/x.slice");
    }

    @Test
    void probingV1FindsEachHierarchyOnce() {
        Host host = FixtureHost.in(tmp.resolve("root"))
                .file("/proc/self/mountinfo", "28 1 259:2 / / rw - ext4 /dev/sda rw\n")
                .file(CG + "/cpu,cpuacct/cgroup.procs", "1\n")
                .file(CG + "/cpu,cpuacct/cpuacct.usage", "5\n")
                .symlink(CG + "/cpu", "cpu,cpuacct")
                .symlink(CG + "/cpuacct", "cpu,cpuacct")
                .file(CG + "/memory/cgroup.procs", "1\n")
                .build();
        CgroupLayout l = CgroupLayout.detect(host);
        assertThat(l.mode()).isEqualTo(CgroupLayout.Mode.V1);
        assertThat(l.hierarchies()).extracting(Hierarchy::label).containsExactly("cpu", "cpuacct", "memory");
        assertThat(l.notes().get(0)).contains("/proc/self/mountinfo lists no cgroup mounts");
    }

    @Test
    void aContainersViewOfItsOwnCgroupKeepsTheRealPaths() {
        String cid = "740aa6984df8459495ab89e330bbf0aece4b6424f3c3082b2d46997fa4dbb0e5";
        String real = "/kubepods/burstable/pod1b6f2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d/" + cid;
        Host host = FixtureHost.in(tmp.resolve("root"))
                .file("/proc/self/mountinfo", "700 690 0:32 " + real + " /sys/fs/cgroup/memory ro,nosuid - cgroup cgroup rw,memory\n")
                .file("/proc/self/cgroup", "4:memory:" + real + "\n")
                .file(CG + "/memory/cgroup.procs", "1\n")
                .file(CG + "/memory/memory.usage_in_bytes", "4096\n")
                .file(CG + "/memory/memory.limit_in_bytes", "268435456\n")
                .file(CG + "/memory/worker/cgroup.procs", "7\n")
                .build();
        CgroupTree t = read(host, CgroupTreeReader.Profile.FULL);
        assertThat(t.layout().namespaced()).isTrue();
        assertThat(t.layout().notes()).anyMatch(n -> n.startsWith("partial view"));
        assertThat(t.cgroups()).extracting(Cgroup::path).containsExactly(real, real + "/worker");
        Cgroup c = t.cgroups().get(0);
        assertThat(c.identity().kind()).isEqualTo(CgroupIdentity.Kind.CONTAINER);
        assertThat(c.identity().containerId()).isEqualTo(cid);
        assertThat(c.memory().limit()).isEqualTo(Limit.of(268_435_456));
        assertThat(t.cgroups().get(1).identity().containerId()).as("context inherited").isEqualTo(cid);
    }

    @Test
    void nothingAtAll() {
        Host host = FixtureHost.in(tmp.resolve("root")).file("/etc/hostname", "x\n").build();
        CgroupTree t = read(host, CgroupTreeReader.Profile.FULL);
        assertThat(t.layout().mode()).isEqualTo(CgroupLayout.Mode.NONE);
        assertThat(t.cgroups()).isEmpty();
        assertThat(new CgroupsCollector().applies(host).applies()).isFalse();
    }

    @Test
    void controlFileNamesAreNotStatted() {
        assertThat(CgroupTreeReader.looksLikeControlFile("memory.stat")).isTrue();
        assertThat(CgroupTreeReader.looksLikeControlFile("cgroup.procs")).isTrue();
        assertThat(CgroupTreeReader.looksLikeControlFile("tasks")).isTrue();
        assertThat(CgroupTreeReader.looksLikeControlFile("hugetlb.2MB.max")).isTrue();
        assertThat(CgroupTreeReader.looksLikeControlFile("irq.pressure")).isTrue();
        assertThat(CgroupTreeReader.looksLikeControlFile("io.stat")).isTrue();
        assertThat(CgroupTreeReader.looksLikeControlFile("iox.stat")).isFalse();
        assertThat(CgroupTreeReader.looksLikeControlFile(".hidden")).isFalse();
        assertThat(CgroupTreeReader.looksLikeControlFile("kubepods.slice")).isFalse();
        assertThat(CgroupTreeReader.looksLikeControlFile("docker")).isFalse();
        assertThat(CgroupTreeReader.looksLikeControlFile("process_api")).isFalse();
    }
}
