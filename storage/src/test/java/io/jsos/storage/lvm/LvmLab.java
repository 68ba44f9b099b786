package io.jsos.storage.lvm;

import io.jsos.storage.Proc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real LVM volume group on two loop devices, made with the real lvm2 tools on a kernel without
 * device-mapper: LVs are created as metadata only (activation off), and the thin pool, thin LV,
 * thin snapshot and COW snapshot (which lvm2 refuses to create without device-mapper) are written
 * into the VG's metadata text and restored with vgcfgrestore. The real lvs then reports all of
 * them. {@link #close()} removes everything, also after a failed step.
 */
final class LvmLab implements AutoCloseable {

    static final Map<String, String> ENV = Map.of("LVM_SUPPRESS_FD_WARNINGS", "1", "LC_ALL", "C");
    static final String NODM = "global{activation=0}";

    final String vg;
    final Path dir;
    final List<String> loops = new ArrayList<>();
    private boolean vgCreated;

    LvmLab(Path dir) {
        this.dir = dir;
        this.vg = "jsostest" + ProcessHandle.current().pid() + "x" + Long.toHexString(System.nanoTime() & 0xffff);
    }

    /** pv0 (2 GiB), pv1 (1 GiB); lin0 200 MiB, lin1 100 MiB tagged; a thin pool of 500 MiB with thin0 (1 GiB virtual), thinsnap0, and snap0 of lin0. */
    LvmLab build() throws IOException {
        String l0 = loop(dir.resolve("pv0.img"), 2L << 30);
        String l1 = loop(dir.resolve("pv1.img"), 1L << 30);
        Proc.ok(ENV, "pvcreate", "-q", l0, l1);
        Proc.ok(ENV, "vgcreate", "-q", vg, l0, l1);
        vgCreated = true;
        lv("lin0", "200M");
        lv("lin1", "100M", "--addtag", "jsos-role-db");
        lv("tpdata", "500M");
        lv("tpmeta", "8M");
        Path backup = dir.resolve("vg.txt");
        Proc.ok(ENV, "vgcfgbackup", "--config", NODM, "-q", "-f", backup.toString(), vg);
        Path thin = dir.resolve("vg-thin.txt");
        Files.writeString(thin, withThinAndSnapshots(Files.readString(backup)));
        Proc.ok(ENV, "vgcfgrestore", "--config", NODM, "-q", "--force", "-f", thin.toString(), vg);
        return this;
    }

    private String loop(Path file, long size) throws IOException {
        try (var raf = new java.io.RandomAccessFile(file.toFile(), "rw")) {
            raf.setLength(size);     // sparse
        }
        String dev = Proc.ok(ENV, "losetup", "-f", "--show", file.toString()).strip();
        loops.add(dev);
        return dev;
    }

    private void lv(String name, String size, String... extra) {
        List<String> argv = new ArrayList<>(List.of("lvcreate", "--config", NODM, "-q", "-an", "-Zn", "-n", name, "-L", size));
        argv.addAll(List.of(extra));
        argv.add(vg);
        Proc.Out o = Proc.run(ENV, argv, 60);
        if (o.exit() != 0) {
            throw new AssertionError("lvcreate " + name + ": " + o.stdout() + o.stderr());
        }
    }

    /** The lvs JSON of this VG only, as the test's own independent reading. */
    String lvs(String fields) {
        return Proc.ok(ENV, "lvs", "-a", "--reportformat", "json", "--units", "b", "--nosuffix", "-o", fields, vg);
    }

    String vgs(String fields) {
        return Proc.ok(ENV, "vgs", "--reportformat", "json", "--units", "b", "--nosuffix", "-o", fields, vg);
    }

    /**
     * Rewrites the VG metadata: tpdata/tpmeta become the hidden pool sub-LVs of a thin pool
     * "tpool"; thin0 and thinsnap0 are thin LVs in it; snap0 is a COW snapshot of lin0 on pv1.
     */
    static String withThinAndSnapshots(String src) {
        String s = src.replace("\t\ttpdata {", "\t\ttpool_tdata {").replace("\t\ttpmeta {", "\t\ttpool_tmeta {");
        // the pool's sub-LVs are not VISIBLE
        s = Pattern.compile("(tpool_t(?:data|meta) \\{\\n\\t\\t\\tid = \"[^\"]+\"\\n\\t\\t\\tstatus = \\[\"READ\", \"WRITE\"), \"VISIBLE\"\\]")
                .matcher(s).replaceAll("$1]");
        String extra = lv("tpool", true, seg(0, 125, "type = \"thin-pool\"", "metadata = \"tpool_tmeta\"", "pool = \"tpool_tdata\"",
                "transaction_id = 2", "chunk_size = 128", "discards = \"passdown\"", "zero_new_blocks = 1"))
                + lv("thin0", true, seg(0, 256, "type = \"thin\"", "thin_pool = \"tpool\"", "transaction_id = 0", "device_id = 1"))
                + lv("thinsnap0", true, seg(0, 256, "type = \"thin\"", "thin_pool = \"tpool\"", "transaction_id = 1", "device_id = 2",
                "origin = \"thin0\""))
                + lv("snap0", true, seg(0, 25, "type = \"striped\"", "stripe_count = 1", "", "stripes = [", "\t\"pv1\", 0", "]"))
                + lv("snapshot0", false, seg(0, 50, "type = \"snapshot\"", "chunk_size = 8", "origin = \"lin0\"", "cow_store = \"snap0\""));
        String trimmed = s.stripTrailing();
        int idx = trimmed.lastIndexOf("\t}");       // the end of logical_volumes { ... }
        s = s.substring(0, idx) + extra + s.substring(idx);
        Matcher m = Pattern.compile("seqno = (\\d+)").matcher(s);
        if (m.find()) {
            s = s.substring(0, m.start()) + "seqno = " + (Long.parseLong(m.group(1)) + 1) + s.substring(m.end());
        }
        return s;
    }

    private static String lv(String name, boolean visible, String segment) {
        String id = UUID.randomUUID().toString().replace("-", "").substring(0, 32);
        String lvid = String.join("-", id.substring(0, 6), id.substring(6, 10), id.substring(10, 14), id.substring(14, 18),
                id.substring(18, 22), id.substring(22, 26), id.substring(26, 32));
        return "\t\t" + name + " {\n\t\t\tid = \"" + lvid + "\"\n\t\t\tstatus = [\"READ\", \"WRITE\"" + (visible ? ", \"VISIBLE\"" : "")
                + "]\n\t\t\tflags = []\n\t\t\tcreation_time = " + (System.currentTimeMillis() / 1000)
                + "\n\t\t\tcreation_host = \"jsostest\"\n\t\t\tsegment_count = 1\n" + segment + "\n\t\t}\n\n";
    }

    private static String seg(int start, int count, String... kv) {
        StringBuilder sb = new StringBuilder("\n\t\t\tsegment1 {\n\t\t\t\tstart_extent = " + start + "\n\t\t\t\textent_count = " + count + "\n\n");
        for (String l : kv) {
            sb.append("\t\t\t\t").append(l).append('\n');
        }
        return sb.append("\t\t\t}").toString();
    }

    @Override
    public void close() {
        if (vgCreated) {
            Proc.run(ENV, List.of("vgremove", "--config", NODM, "-f", "-q", vg), 60);
        }
        for (String l : loops) {
            Proc.run(ENV, List.of("pvremove", "--config", NODM, "-q", "-y", l), 60);
            Proc.run(ENV, List.of("losetup", "-d", l), 30);
        }
        // lvm2 keeps a removed VG's metadata backup and archives: they would tell the exporter
        // (and a later bundle) that this node has LVM.
        removeMetadataCopies(vg);
    }

    static void removeMetadataCopies(String vg) {
        try {
            java.nio.file.Files.deleteIfExists(java.nio.file.Path.of("/etc/lvm/backup", vg));
            java.nio.file.Path archive = java.nio.file.Path.of("/etc/lvm/archive");
            if (java.nio.file.Files.isDirectory(archive)) {
                try (var files = java.nio.file.Files.list(archive)) {
                    for (java.nio.file.Path f : files.filter(f -> f.getFileName().toString().startsWith(vg + "_")).toList()) {
                        java.nio.file.Files.deleteIfExists(f);
                    }
                }
            }
        } catch (java.io.IOException e) {
            // best effort: a leftover copy costs the exporter a few commands, not correctness
        }
    }
}
