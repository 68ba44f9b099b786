package io.jsos.report;

import java.util.Arrays;
import java.util.Locale;

/** How a bundle is packed: a compressed tarball, or an unpacked folder. */
public enum BundleFormat {
    ZST(".tar.zst"),
    GZ(".tar.gz"),
    XZ(".tar.xz"),
    DIR("");

    private final String extension;

    BundleFormat(String extension) {
        this.extension = extension;
    }

    public String extension() {
        return extension;
    }

    public static BundleFormat parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown bundle format '" + text + "'; valid: "
                    + String.join(", ", Arrays.stream(values()).map(f -> f.name().toLowerCase(Locale.ROOT)).toList()));
        }
    }
}
