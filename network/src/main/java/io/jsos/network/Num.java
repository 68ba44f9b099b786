package io.jsos.network;

/** Number parsing that returns null instead of throwing: sysfs and tool output are not trusted. */
final class Num {

    private Num() {
    }

    static Long parseLong(String s) {
        if (s == null) {
            return null;
        }
        String t = s.trim();
        try {
            if (t.startsWith("0x") || t.startsWith("0X")) {
                return Long.parseLong(t.substring(2), 16);
            }
            return Long.parseLong(t);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    static Integer parseInt(String s) {
        Long l = parseLong(s);
        return l == null || l > Integer.MAX_VALUE || l < Integer.MIN_VALUE ? null : (int) (long) l;
    }
}
