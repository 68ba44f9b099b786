package io.jsos.storage.lvm;

import io.jsos.storage.Nums;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses {@code dmsetup table} and {@code dmsetup status} ("name: start length target args", one
 * line per segment) and decodes the fullness of thin pools, thin volumes and snapshots from the
 * kernel's status (dm-thin and dm-snapshot documentation): the numbers lvm2 shows as Data%/Meta%,
 * available here even when lvm2's own report cannot say.
 */
public final class DmTables {

    private DmTables() {
    }

    private record Line(String name, long start, long length, String target, String args) {
    }

    public static List<LvmModel.DmDevice> parse(String table, String status) {
        Map<String, List<Line>> tables = lines(table);
        Map<String, List<Line>> statuses = lines(status);
        Map<String, List<LvmModel.DmSegment>> out = new LinkedHashMap<>();
        List<String> names = new ArrayList<>(tables.keySet());
        statuses.keySet().stream().filter(n -> !names.contains(n)).forEach(names::add);
        for (String name : names) {
            List<Line> t = tables.getOrDefault(name, List.of());
            List<Line> s = statuses.getOrDefault(name, List.of());
            List<LvmModel.DmSegment> segs = new ArrayList<>();
            for (int i = 0; i < Math.max(t.size(), s.size()); i++) {
                Line tl = i < t.size() ? t.get(i) : null;
                Line sl = i < s.size() ? s.get(i) : null;
                Line any = tl != null ? tl : sl;
                segs.add(segment(any.start(), any.length(), any.target(), tl == null ? null : tl.args(), sl == null ? null : sl.args()));
            }
            out.put(name, segs);
        }
        return out.entrySet().stream().map(e -> new LvmModel.DmDevice(e.getKey(), List.copyOf(e.getValue()))).toList();
    }

    private static Map<String, List<Line>> lines(String text) {
        Map<String, List<Line>> m = new LinkedHashMap<>();
        if (text == null) {
            return m;
        }
        for (String line : text.lines().toList()) {
            int colon = line.indexOf(": ");
            if (colon <= 0) {
                continue;      // "No devices found", error text
            }
            String[] f = line.substring(colon + 2).strip().split("\\s+", 4);
            Long start = f.length > 0 ? Nums.parseLong(f[0]) : null;
            Long length = f.length > 1 ? Nums.parseLong(f[1]) : null;
            if (start == null || length == null || f.length < 3) {
                continue;
            }
            m.computeIfAbsent(line.substring(0, colon), k -> new ArrayList<>())
                    .add(new Line(line.substring(0, colon), start, length, f[2], f.length > 3 ? f[3] : ""));
        }
        return m;
    }

    static LvmModel.DmSegment segment(long start, long length, String target, String table, String status) {
        Double data = null;
        Double meta = null;
        String mode = null;
        Boolean needsCheck = null;
        String[] s = status == null ? new String[0] : status.strip().split("\\s+");
        switch (target) {
            case "thin-pool" -> {
                // <transaction id> <used meta>/<total meta> <used data>/<total data> <held root> ro|rw|out_of_data_space ...
                if (s.length >= 3) {
                    meta = fraction(s[1]);
                    data = fraction(s[2]);
                }
                if (s.length >= 5) {
                    mode = s[4];
                }
                if (s.length >= 8) {
                    needsCheck = s[7].equals("needs_check");
                }
                if (s.length == 1) {
                    mode = s[0];       // "Fail" or "Error"
                }
            }
            case "snapshot" -> {
                // <sectors allocated>/<total sectors> <metadata sectors>, or Invalid / Merge failed / Overflow
                if (s.length >= 1 && s[0].contains("/")) {
                    data = fraction(s[0]);
                } else if (s.length >= 1 && !s[0].isEmpty()) {
                    mode = String.join(" ", s);
                }
            }
            case "thin" -> {
                // <mapped sectors> <highest mapped sector>, or Fail
                Long mapped = s.length >= 1 ? Nums.parseLong(s[0]) : null;
                Double r = Nums.ratio(mapped, length);
                data = r == null ? null : round2(r * 100);
                if (s.length == 1 && mapped == null && !s[0].isEmpty()) {
                    mode = s[0];
                }
            }
            default -> {
            }
        }
        return new LvmModel.DmSegment(start, length, target, table, status, data, meta, mode, needsCheck);
    }

    /** "115/1024" → 11.23 (percent, two decimals as lvm2 prints it). */
    static Double fraction(String usedSlashTotal) {
        int slash = usedSlashTotal.indexOf('/');
        if (slash < 0) {
            return null;
        }
        Double r = Nums.ratio(Nums.parseLong(usedSlashTotal.substring(0, slash)), Nums.parseLong(usedSlashTotal.substring(slash + 1)));
        return r == null ? null : round2(r * 100);
    }

    /** Two decimals, ties to even like C's printf (what lvm2 prints): 640/4096 = 15.625 → 15.62. */
    private static double round2(double d) {
        return java.math.BigDecimal.valueOf(d).setScale(2, java.math.RoundingMode.HALF_EVEN).doubleValue();
    }
}
