package io.jsos.report;

import java.nio.file.Path;

/** Keeps every path written into a bundle inside the bundle's folder. */
final class BundlePaths {

    private BundlePaths() {
    }

    /**
     * Resolves a relative bundle path under {@code top}.
     *
     * @throws IllegalArgumentException when the path is absolute, empty or leaves {@code top} (e.g. {@code ../x})
     */
    static Path inside(Path top, String relative) {
        if (relative == null || relative.isBlank()) {
            throw new IllegalArgumentException("empty bundle path");
        }
        String rel = relative.startsWith("/") ? relative.substring(1) : relative;
        Path p = top.resolve(rel).normalize();
        if (!p.startsWith(top) || p.equals(top)) {
            throw new IllegalArgumentException("bundle path leaves the bundle: " + relative);
        }
        return p;
    }

    /** A file name for a command's output, in the sos spirit: {@code lvs --units b} → {@code lvs_--units_b}. */
    static String commandFileName(java.util.List<String> argv) {
        String program = argv.get(0);
        int slash = program.lastIndexOf('/');
        StringBuilder sb = new StringBuilder(program.substring(slash + 1));
        for (String a : argv.subList(1, argv.size())) {
            sb.append('_').append(a);
        }
        String name = sb.toString().replaceAll("[^A-Za-z0-9._,=+-]", "_");
        return name.length() > 200 ? name.substring(0, 200) : name;
    }
}
