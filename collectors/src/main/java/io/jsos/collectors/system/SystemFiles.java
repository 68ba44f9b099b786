package io.jsos.collectors.system;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Parsers for the small text files that describe a Linux system. Pure functions: text in, values out. */
final class SystemFiles {

    private SystemFiles() {
    }

    /** /proc/meminfo → bytes by key ("MemTotal" → 16777216000). Lines without a number are skipped. */
    static Map<String, Long> parseMeminfo(List<String> lines) {
        Map<String, Long> out = new LinkedHashMap<>();
        for (String line : lines) {
            int colon = line.indexOf(':');
            if (colon <= 0) {
                continue;
            }
            String[] parts = line.substring(colon + 1).trim().split("\\s+");
            if (parts.length == 0) {
                continue;
            }
            try {
                long v = Long.parseLong(parts[0]);
                if (parts.length > 1 && parts[1].equalsIgnoreCase("kB")) {
                    v *= 1024;
                }
                out.put(line.substring(0, colon).trim(), v);
            } catch (NumberFormatException e) {
                // malformed line: skip it, keep the rest
            }
        }
        return out;
    }

    /** /proc/loadavg → the 1, 5 and 15 minute load averages, or empty when malformed. */
    static Optional<double[]> parseLoadavg(String text) {
        String[] f = text.trim().split("\\s+");
        if (f.length < 3) {
            return Optional.empty();
        }
        try {
            return Optional.of(new double[]{Double.parseDouble(f[0]), Double.parseDouble(f[1]), Double.parseDouble(f[2])});
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** /proc/uptime → seconds since boot, or empty. */
    static Optional<Double> parseUptime(String text) {
        String[] f = text.trim().split("\\s+");
        try {
            return f.length == 0 || f[0].isEmpty() ? Optional.empty() : Optional.of(Double.parseDouble(f[0]));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** etc/os-release (KEY=value, values optionally quoted) → map. */
    static Map<String, String> parseOsRelease(List<String> lines) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String line : lines) {
            String l = line.trim();
            int eq = l.indexOf('=');
            if (l.startsWith("#") || eq <= 0) {
                continue;
            }
            String v = l.substring(eq + 1).trim();
            if (v.length() >= 2 && (v.startsWith("\"") && v.endsWith("\"") || v.startsWith("'") && v.endsWith("'"))) {
                v = v.substring(1, v.length() - 1);
            }
            out.put(l.substring(0, eq), v);
        }
        return out;
    }

    /** One line of /proc/mounts. */
    record Mount(String device, String mountPoint, String fsType, String options) {
    }

    /** /proc/mounts → mounts; octal escapes (\040 for a space) decoded; short lines skipped. */
    static List<Mount> parseMounts(List<String> lines) {
        return lines.stream()
                .map(l -> l.trim().split("\\s+"))
                .filter(f -> f.length >= 4)
                .map(f -> new Mount(unescape(f[0]), unescape(f[1]), f[2], f[3]))
                .toList();
    }

    static String unescape(String s) {
        if (s.indexOf('\\') < 0) {
            return s;
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 3 < s.length() && s.substring(i + 1, i + 4).matches("[0-7]{3}")) {
                sb.append((char) Integer.parseInt(s.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    /** The CPU as /proc/cpuinfo tells it: model name and logical CPU count (x86 and arm64 spellings). */
    record CpuSummary(String model, int logicalCpus) {
    }

    static CpuSummary parseCpuinfo(List<String> lines) {
        String model = null;
        int cpus = 0;
        for (String line : lines) {
            int colon = line.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String key = line.substring(0, colon).trim();
            if (key.equals("processor")) {
                cpus++;
            } else if (model == null && (key.equals("model name") || key.equals("Hardware") || key.equals("cpu model"))) {
                model = line.substring(colon + 1).trim();
            }
        }
        return new CpuSummary(model, cpus);
    }
}
