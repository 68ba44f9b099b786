package io.jsos.storage.guest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jsos.guest.Guest;
import io.jsos.guest.GuestCollectorRun;
import io.jsos.guest.GuestResult;
import io.jsos.testkit.ScrapeHarness.Scrape;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * LVM on a real device-mapper, which this machine's kernel lacks: in the QEMU guest, one VG on a
 * loop device with a linear LV and a COW snapshot of it, a thin pool with two thin LVs and a thin
 * snapshot, each written with a known number of MiB ({@code /guest/lvm-stack.sh}). The lvm and block
 * collectors then run in the guest, and jsos must report the names, sizes and data / metadata /
 * snapshot percentages that lvm2 and the kernel printed in the same script (within lvm2's rounding
 * to two decimals), which in turn must match what was written: in lvm.json, in the copied dmsetup
 * status, in the metrics; and the stacking of the dm devices in block.json and its metrics. One
 * boot for the class; the tests below assert on its output.
 */
@Tag("real")
@Tag("guest")
class LvmGuestTest {

    static final String VG = "jsosgvg";
    static final long MIB = 1L << 20;
    static final int PV_MIB = 256;
    static final int LIN_MIB = 32;
    static final int COW_MIB = 16;
    static final int ORIGIN_WRITTEN_MIB = 4;
    static final int POOL_MIB = 64;
    static final int THIN1_MIB = 128;
    static final int THIN1_BEFORE_SNAP_MIB = 16;
    static final int THIN1_AFTER_SNAP_MIB = 8;
    static final int THIN2_MIB = 64;
    static final int THIN2_WRITTEN_MIB = 4;
    /** lvm2 prints two decimals; jsos computes the same ratio from the same counters. */
    static final double ROUNDING = 0.01;

    static final ObjectMapper JSON = new ObjectMapper();

    static GuestResult guest;
    static GuestCollectorRun lvm;
    static GuestCollectorRun block;
    /** lvs -a as lvm2 printed it in the guest, by LV name (hidden ones without brackets). */
    static Map<String, JsonNode> lvsTheirs;

    @BeforeAll
    static void runInTheGuest(@TempDir Path tmp) throws IOException {
        Guest g = Guest.require()
                .withEnv("VG", VG)
                .withEnv("RUN_COLLECTORS", Guest.runCollectors("lvm $JSOS_GUEST_OUT/lvm", "block $JSOS_GUEST_OUT/block"));
        Map<String, Integer> sizes = new LinkedHashMap<>();
        sizes.put("PV_MIB", PV_MIB);
        sizes.put("LIN_MIB", LIN_MIB);
        sizes.put("COW_MIB", COW_MIB);
        sizes.put("ORIGIN_WRITTEN_MIB", ORIGIN_WRITTEN_MIB);
        sizes.put("POOL_MIB", POOL_MIB);
        sizes.put("THIN1_MIB", THIN1_MIB);
        sizes.put("THIN1_BEFORE_SNAP_MIB", THIN1_BEFORE_SNAP_MIB);
        sizes.put("THIN1_AFTER_SNAP_MIB", THIN1_AFTER_SNAP_MIB);
        sizes.put("THIN2_MIB", THIN2_MIB);
        sizes.put("THIN2_WRITTEN_MIB", THIN2_WRITTEN_MIB);
        for (Map.Entry<String, Integer> e : sizes.entrySet()) {
            g = g.withEnv(e.getKey(), e.getValue().toString());
        }
        guest = g.run(script(), tmp.resolve("guest")).assertSucceeded();
        lvm = guest.collector("lvm");
        block = guest.collector("block");
        lvsTheirs = new LinkedHashMap<>();
        for (JsonNode r : JSON.readTree(guest.text("lvs.json")).at("/report/0/lv")) {
            lvsTheirs.put(r.get("lv_name").asText().replaceAll("^\\[|]$", ""), r);
        }
        System.out.printf("lvm guest: %d ms in all (boot, setup, collectors, power-off); in the guest, ms: %s%n",
                guest.elapsed().toMillis(), guest.text("timings").strip());
    }

    private static String script() {
        try (InputStream in = LvmGuestTest.class.getResourceAsStream("/guest/lvm-stack.sh")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void lvm2ReportsWhatTheScriptWrote() {
        // Guards the test itself: lvm2's own numbers follow from the MiB written, so the
        // comparisons below compare with something known.
        assertThat(theirs("thin1", "data_percent")).isEqualTo(percent(THIN1_BEFORE_SNAP_MIB + THIN1_AFTER_SNAP_MIB, THIN1_MIB));
        assertThat(theirs("thinsnap", "data_percent")).isEqualTo(percent(THIN1_BEFORE_SNAP_MIB, THIN1_MIB));
        assertThat(theirs("thin2", "data_percent")).isEqualTo(percent(THIN2_WRITTEN_MIB, THIN2_MIB));
        assertThat(theirs("tpool", "data_percent"))
                .isEqualTo(percent(THIN1_BEFORE_SNAP_MIB + THIN1_AFTER_SNAP_MIB + THIN2_WRITTEN_MIB, POOL_MIB));
        assertThat(theirs("tpool", "metadata_percent")).isStrictlyBetween(0.0, 100.0);
        // A COW store holds the origin's old chunks plus its own exception table: a little more.
        assertThat(theirs("cow", "snap_percent")).isBetween(percent(ORIGIN_WRITTEN_MIB, COW_MIB), percent(ORIGIN_WRITTEN_MIB, COW_MIB) + 1);
    }

    @Test
    void theModelReportsLvm2sNamesSizesAndPercentages() {
        assertThat(lvm.status()).as(lvm.entry().toString()).isEqualTo("ok");
        JsonNode doc = lvm.json();
        assertThat(doc.get("errors")).as("errors in lvm.json").isEmpty();
        Map<String, JsonNode> ours = new LinkedHashMap<>();
        doc.get("lvs").forEach(l -> ours.put(l.get("name").asText(), l));
        assertThat(ours.keySet()).containsExactlyInAnyOrderElementsOf(lvsTheirs.keySet())
                .contains("lin", "cow", "tpool", "tpool_tdata", "tpool_tmeta", "thin1", "thin2", "thinsnap");
        for (Map.Entry<String, JsonNode> e : lvsTheirs.entrySet()) {
            JsonNode l = ours.get(e.getKey());
            JsonNode r = e.getValue();
            assertThat(l.get("vg").asText()).isEqualTo(VG);
            assertThat(l.get("size_bytes").asLong()).as(e.getKey() + " size").isEqualTo(r.get("lv_size").asLong());
            assertThat(l.get("segtype").asText()).as(e.getKey() + " segtype").isEqualTo(r.get("segtype").asText());
            for (String f : List.of("data_percent", "metadata_percent", "snap_percent")) {
                Double theirs = theirs(e.getKey(), f);
                if (theirs == null) {
                    assertThat(l.get(f).isNull()).as(e.getKey() + " " + f + " unknown to lvm2: " + l.get(f)).isTrue();
                } else {
                    assertThat(l.get(f).isNull() ? null : l.get(f).asDouble()).as(e.getKey() + " " + f)
                            .isCloseTo(theirs, within(ROUNDING));
                }
            }
        }
        assertThat(ours.get("lin").get("size_bytes").asLong()).isEqualTo(LIN_MIB * MIB);
        assertThat(ours.get("tpool").get("size_bytes").asLong()).isEqualTo(POOL_MIB * MIB);
        assertThat(ours.get("thin1").get("size_bytes").asLong()).isEqualTo(THIN1_MIB * MIB);
        assertThat(ours.get("cow").get("size_bytes").asLong()).isEqualTo(COW_MIB * MIB);
        assertThat(ours.get("thin1").get("pool").asText()).isEqualTo("tpool");
        assertThat(ours.get("thinsnap").get("origin").asText()).isEqualTo("thin1");
        assertThat(ours.get("cow").get("origin").asText()).isEqualTo("lin");
        assertThat(ours.get("tpool_tdata").get("hidden").asBoolean()).isTrue();
        for (String active : List.of("lin", "cow", "tpool", "thin1", "thin2", "thinsnap")) {
            assertThat(ours.get(active).get("active").asBoolean()).as(active + " active").isTrue();
        }

        JsonNode vgTheirs = vgTheirs();
        JsonNode vg = StreamSupport.stream(doc.get("vgs").spliterator(), false)
                .filter(v -> v.get("name").asText().equals(VG)).findFirst().orElseThrow();
        assertThat(vg.get("size_bytes").asLong()).isEqualTo(vgTheirs.get("vg_size").asLong());
        assertThat(vg.get("free_bytes").asLong()).isEqualTo(vgTheirs.get("vg_free").asLong());
    }

    @Test
    void theKernelsStatusIsCopiedAndDecoded() {
        // The copied dmsetup status is the kernel's, line for line, for every device of the VG.
        assertThat(vgLines(lvm.text("sos_commands/lvm/dmsetup_status")))
                .containsExactlyInAnyOrderElementsOf(vgLines(guest.text("dmsetup-status.txt")));

        Map<String, JsonNode> dm = new LinkedHashMap<>();
        lvm.json().get("dm_devices").forEach(d -> dm.put(d.get("name").asText(), d.at("/segments/0")));
        JsonNode pool = dm.get(VG + "-tpool-tpool");
        assertThat(pool).as("the pool's dm device in " + dm.keySet()).isNotNull();
        assertThat(pool.get("target").asText()).isEqualTo("thin-pool");
        assertThat(pool.get("data_percent").asDouble()).as("thin pool data%% from dmsetup status: " + pool.get("status"))
                .isCloseTo(theirs("tpool", "data_percent"), within(ROUNDING));
        assertThat(pool.get("metadata_percent").asDouble()).as("thin pool metadata%% from dmsetup status: " + pool.get("status"))
                .isCloseTo(theirs("tpool", "metadata_percent"), within(ROUNDING));
        assertThat(pool.get("pool_mode").asText()).isEqualTo("rw");
        assertThat(pool.get("needs_check").asBoolean()).isFalse();
        for (String thin : List.of("thin1", "thin2", "thinsnap")) {
            JsonNode s = dm.get(VG + "-" + thin);
            assertThat(s.get("target").asText()).isEqualTo("thin");
            assertThat(s.get("data_percent").asDouble()).as(thin + " data%% from dmsetup status: " + s.get("status"))
                    .isCloseTo(theirs(thin, "data_percent"), within(ROUNDING));
        }
        JsonNode cow = dm.get(VG + "-cow");
        assertThat(cow.get("target").asText()).isEqualTo("snapshot");
        assertThat(cow.get("data_percent").asDouble()).as("COW snapshot use from dmsetup status: " + cow.get("status"))
                .isCloseTo(theirs("cow", "snap_percent"), within(ROUNDING));
        assertThat(dm.get(VG + "-lin").get("target").asText()).isEqualTo("snapshot-origin");
    }

    @Test
    void theMetricsCarryTheSizesAndRatios() {
        Scrape s = lvm.scrape();
        assertThat(s.value("jsos_lvm_vg_size_bytes", "vg", VG)).contains(vgTheirs().get("vg_size").asDouble());
        assertThat(s.value("jsos_lvm_vg_free_bytes", "vg", VG)).contains(vgTheirs().get("vg_free").asDouble());
        assertThat(s.value("jsos_lvm_pv_size_bytes", "vg", VG, "pv", guest.text("pv").strip())).isPresent();
        for (String lv : lvsTheirs.keySet()) {
            assertThat(s.value("jsos_lvm_lv_size_bytes", "vg", VG, "lv", lv)).as(lv)
                    .contains(lvsTheirs.get(lv).get("lv_size").asDouble());
        }
        assertThat(s.value("jsos_lvm_lv_data_ratio", "vg", VG, "lv", "tpool").orElseThrow())
                .isCloseTo(theirs("tpool", "data_percent") / 100, within(ROUNDING / 100));
        assertThat(s.value("jsos_lvm_lv_metadata_ratio", "vg", VG, "lv", "tpool").orElseThrow())
                .isCloseTo(theirs("tpool", "metadata_percent") / 100, within(ROUNDING / 100));
        for (String thin : List.of("thin1", "thin2", "thinsnap")) {
            assertThat(s.value("jsos_lvm_lv_data_ratio", "vg", VG, "lv", thin).orElseThrow()).as(thin)
                    .isCloseTo(theirs(thin, "data_percent") / 100, within(ROUNDING / 100));
        }
        assertThat(s.value("jsos_lvm_lv_data_ratio", "vg", VG, "lv", "cow").orElseThrow())
                .isCloseTo(theirs("cow", "snap_percent") / 100, within(ROUNDING / 100));
        assertThat(s.value("jsos_lvm_lv_active", "vg", VG, "lv", "thinsnap")).contains(1.0);
        assertThat(s.value("jsos_lvm_lv_healthy", "vg", VG, "lv", "tpool")).contains(1.0);
        assertThat(s.value("jsos_lvm_lv_info", "vg", VG, "lv", "thinsnap", "origin", "thin1", "pool", "tpool")).contains(1.0);
    }

    @Test
    void blockShowsTheDmDevicesAndTheirStacking() {
        assertThat(block.status()).as(block.entry().toString()).isEqualTo("ok");
        Map<String, JsonNode> ours = new LinkedHashMap<>();
        block.json().get("devices").forEach(d -> ours.put(d.get("name").asText(), d));
        // sysfs as the script saw it: every device with its dm name, holders and slaves.
        Map<String, String> dmDevice = new LinkedHashMap<>();
        for (String line : guest.text("sysfs-stack.txt").lines().toList()) {
            String[] f = line.split(" ");
            JsonNode d = ours.get(f[0]);
            assertThat(d).as(f[0] + " in block.json").isNotNull();
            assertThat(d.get("dm_name").isNull() ? "-" : d.get("dm_name").asText()).as(f[0]).isEqualTo(f[1]);
            assertThat(texts(d.get("holders"))).as(f[0] + " holders").isEqualTo(split(f[2].substring("holders=".length())));
            assertThat(texts(d.get("slaves"))).as(f[0] + " slaves").isEqualTo(split(f[3].substring("slaves=".length())));
            if (!f[1].equals("-")) {
                dmDevice.put(f[1], f[0]);
            }
        }
        // What that stacking must be: the pool on its tdata and tmeta, the thin LVs on the pool,
        // the PV's disk under every LV that has extents on it, the COW snapshot on origin and store.
        String loop = guest.text("pv").strip().substring("/dev/".length());
        assertThat(texts(ours.get(dmDevice.get(VG + "-tpool-tpool")).get("slaves")))
                .containsExactlyInAnyOrder(dmDevice.get(VG + "-tpool_tdata"), dmDevice.get(VG + "-tpool_tmeta"));
        assertThat(texts(ours.get(dmDevice.get(VG + "-thin1")).get("slaves"))).containsExactly(dmDevice.get(VG + "-tpool-tpool"));
        assertThat(texts(ours.get(loop).get("holders"))).contains(dmDevice.get(VG + "-tpool_tdata"),
                dmDevice.get(VG + "-tpool_tmeta"), dmDevice.get(VG + "-lin-real"), dmDevice.get(VG + "-cow-cow"));
        assertThat(texts(ours.get(dmDevice.get(VG + "-cow")).get("slaves")))
                .containsExactlyInAnyOrder(dmDevice.get(VG + "-lin-real"), dmDevice.get(VG + "-cow-cow"));
        assertThat(ours.get(dmDevice.get(VG + "-thin1")).get("size_bytes").asLong()).isEqualTo(THIN1_MIB * MIB);
        assertThat(ours.get(dmDevice.get(VG + "-thin1")).get("dm_uuid").asText()).startsWith("LVM-");

        Scrape s = block.scrape();
        assertThat(s.value("jsos_block_dm_info", "device", dmDevice.get(VG + "-tpool-tpool"), "name", VG + "-tpool-tpool")).contains(1.0);
        assertThat(s.value("jsos_block_holder_info", "device", loop, "holder", dmDevice.get(VG + "-tpool_tdata"))).contains(1.0);
        assertThat(s.value("jsos_block_holder_info", "device", dmDevice.get(VG + "-tpool_tmeta"), "holder",
                dmDevice.get(VG + "-tpool-tpool"))).contains(1.0);
        assertThat(s.value("jsos_block_device_size_bytes", "device", dmDevice.get(VG + "-lin"))).contains((double) LIN_MIB * MIB);
    }

    /** A percentage lvm2 printed for an LV, null when it printed "" (not applicable or unknown). */
    private static Double theirs(String lv, String field) {
        JsonNode r = lvsTheirs.get(lv);
        assertThat(r).as(lv + " in the guest's lvs -a: " + lvsTheirs.keySet()).isNotNull();
        String v = r.path(field).asText("");
        return v.isEmpty() ? null : Double.valueOf(v);
    }

    private static JsonNode vgTheirs() {
        // lvs prints the VG's fields on every row of the VG
        return lvsTheirs.get("lin");
    }

    private static double percent(int part, int whole) {
        return 100.0 * part / whole;
    }

    private static List<String> vgLines(String dmsetupStatus) {
        return dmsetupStatus.lines().filter(l -> l.startsWith(VG + "-")).toList();
    }

    private static Set<String> texts(JsonNode array) {
        Set<String> out = new TreeSet<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static Set<String> split(String commaSeparated) {
        return Arrays.stream(commaSeparated.split(",")).filter(x -> !x.isEmpty()).collect(Collectors.toCollection(TreeSet::new));
    }
}
