package io.jsos.api;

import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The version of this plugin API, in semantic versioning: the major number changes when
 * something a plugin may use is removed or changes meaning, the minor number when something is
 * added (a plugin built against 1.3 may call what 1.3 added, so it cannot run on 1.2), the patch
 * number for fixes.
 *
 * <p>A plugin jar records the API it was built against without any code: the API jar's annotation
 * processor ({@link io.jsos.api.build.ApiVersionRecorder}) writes {@link #CURRENT} into it at compile
 * time. A collector may also return {@link #CURRENT} from {@link Collector#apiVersion()}:
 * <pre>{@code
 * public String apiVersion() { return ApiVersion.CURRENT; }
 * }</pre>
 * {@code CURRENT} is a compile-time constant, so {@code javac} copies its value into the plugin's
 * class file: the method keeps returning the version of the API jar the plugin was compiled
 * against, whatever jsos later loads it. jsos refuses a plugin whose API is newer (a higher minor
 * or a different major) with a message naming both versions, and loads the rest.
 */
public record ApiVersion(int major, int minor, int patch) implements Comparable<ApiVersion> {

    /** This API's major number. */
    public static final int MAJOR = 1;
    /** This API's minor number. */
    public static final int MINOR = 0;
    /** This API's patch number. */
    public static final int PATCH = 0;
    /** This API's version as text, {@code MAJOR.MINOR.PATCH}; a compile-time constant (see the class comment). */
    public static final String CURRENT = MAJOR + "." + MINOR + "." + PATCH;

    private static final Pattern FORM = Pattern.compile("(\\d{1,6})\\.(\\d{1,6})(?:\\.(\\d{1,6}))?(?:[-+][0-9A-Za-z.-]*)?");

    /** Checks the numbers are not negative. */
    public ApiVersion {
        if (major < 0 || minor < 0 || patch < 0) {
            throw new IllegalArgumentException("version numbers are not negative: " + major + "." + minor + "." + patch);
        }
    }

    /** The version of the API jsos runs with. */
    public static ApiVersion running() {
        return new ApiVersion(MAJOR, MINOR, PATCH);
    }

    /**
     * Parses {@code 1.2.3} or {@code 1.2} (a pre-release or build suffix such as {@code -rc1} is ignored).
     *
     * @throws IllegalArgumentException naming the expected form
     */
    public static ApiVersion parse(String text) {
        Objects.requireNonNull(text, "text");
        Matcher m = FORM.matcher(text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a version of the form MAJOR.MINOR.PATCH, e.g. " + CURRENT);
        }
        return new ApiVersion(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                m.group(3) == null ? 0 : Integer.parseInt(m.group(3)));
    }

    /**
     * Whether a plugin built against this version can run on {@code runtime}: same major, and a
     * minor not above the runtime's (patches never matter).
     */
    public boolean runsOn(ApiVersion runtime) {
        return major == runtime.major && minor <= runtime.minor;
    }

    /**
     * Why a plugin built against this version cannot run on {@code runtime}, or null when it can.
     * The text names both versions and what to do.
     */
    public String incompatibility(ApiVersion runtime) {
        if (runsOn(runtime)) {
            return null;
        }
        if (major < runtime.major) {
            return "built against plugin API " + this + ", but this jsos runs API " + runtime
                    + " (a new major version): rebuild the plugin against jsos-plugin-api " + runtime.major + ".x";
        }
        return "built against plugin API " + this + ", newer than the API " + runtime
                + " of this jsos: upgrade jsos, or use a plugin release built for API " + runtime.major + "." + runtime.minor;
    }

    @Override
    public int compareTo(ApiVersion o) {
        int c = Integer.compare(major, o.major);
        if (c == 0) {
            c = Integer.compare(minor, o.minor);
        }
        return c != 0 ? c : Integer.compare(patch, o.patch);
    }

    /** {@code MAJOR.MINOR.PATCH}. */
    @Override
    public String toString() {
        return major + "." + minor + "." + patch;
    }
}
