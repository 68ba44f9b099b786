package io.jsos.storage;

/** Number parsing that answers null for "unknown" instead of throwing: tool outputs are not trusted. */
public final class Nums {

    private Nums() {
    }

    public static Long parseLong(String s) {
        if (s == null || s.isBlank()) {
            return null;
        }
        String t = s.strip();
        // "--units b" without "--nosuffix" leaves a trailing B; accept it rather than lose the size
        if (t.endsWith("B")) {
            t = t.substring(0, t.length() - 1);
        }
        try {
            return Long.parseLong(t);
        } catch (NumberFormatException e) {
            try {
                double d = Double.parseDouble(t);
                return Double.isFinite(d) ? (long) d : null;
            } catch (NumberFormatException e2) {
                return null;
            }
        }
    }

    public static Double parseDouble(String s) {
        if (s == null || s.isBlank()) {
            return null;
        }
        try {
            double d = Double.parseDouble(s.strip());
            return Double.isFinite(d) ? d : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** used / total, or null when either is unknown or total is 0. */
    public static Double ratio(Long used, Long total) {
        if (used == null || total == null || total <= 0) {
            return null;
        }
        return (double) used / total;
    }
}
