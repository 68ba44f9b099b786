package io.jsos.agent.findings;

import io.jsos.api.findings.CollectorState;
import io.jsos.api.findings.Finding;
import io.jsos.api.findings.Thresholds;
import io.jsos.findings.BundleModels;
import io.jsos.findings.FindingsDocument;
import io.jsos.findings.FindingsEngine;
import io.jsos.findings.FolderSource;
import io.jsos.findings.HtmlReport;
import io.jsos.findings.J;
import io.jsos.json.ModelJson;
import io.jsos.report.BundleSession;
import io.jsos.report.manifest.Manifest;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The collect-time hook: after the collectors finished and before the bundle is packed, runs the
 * rules over the models just written to the staging folder and adds {@code jsos/findings.json}
 * and {@code index.html}. Both go through {@link BundleSession#writeText}, i.e. through the same
 * redactor as every collector's file. A failure here never costs the bundle: it is reported on
 * stderr and the bundle is written without them.
 */
public final class BundleFindings {

    /** Where vendor plugin jars (collectors and rules) are picked up without any flag. */
    static final Path SYSTEM_PLUGIN_DIR = Path.of("/usr/share/jsos/plugins");

    private BundleFindings() {
    }

    /** The rules: built-in, in the system plugin folder and in these folders. */
    public static FindingsEngine engine(List<Path> pluginDirs) {
        List<Path> dirs = new ArrayList<>();
        if (Files.isDirectory(SYSTEM_PLUGIN_DIR)) {
            dirs.add(SYSTEM_PLUGIN_DIR);
        }
        dirs.addAll(pluginDirs);
        return FindingsEngine.discover(dirs);
    }

    /**
     * Writes findings.json and index.html into the bundle being written.
     *
     * @param overrides the {@code findings} section of the config (thresholds), or an empty map
     * @return the findings, or an empty list when they could not be made
     */
    public static List<Finding> write(BundleSession session, Manifest manifest, List<Path> pluginDirs,
                                      Map<String, ?> overrides, PrintWriter stderr) {
        try {
            FindingsEngine engine = engine(pluginDirs);
            Thresholds thresholds = engine.thresholds(overrides);
            @SuppressWarnings("unchecked")
            Map<String, Object> plain = ModelJson.mapper().convertValue(manifest, Map.class);
            List<CollectorState> states = J.objs(plain, "collectors").stream()
                    .map(c -> new CollectorState(J.str(c, "name"), J.str(c, "status"), J.str(c, "reason"))).toList();
            FolderSource source = new FolderSource(session.stagingTop());
            BundleModels models = BundleModels.of(source, states, J.obj(plain, "host"));
            List<Finding> findings = engine.evaluate(models, thresholds);
            session.writeText(FindingsDocument.PATH, FindingsDocument.toJson(FindingsDocument.of(models, engine, thresholds, findings)));
            List<String> files = new ArrayList<>(source.paths());
            files.add(FindingsDocument.PATH);
            files.add("manifest.json");
            session.writeText(HtmlReport.PATH, HtmlReport.render(models, findings, plain, files));
            engine.problems().forEach(p -> stderr.println("jsos: rule plugin skipped: " + p));
            return findings;
        } catch (Exception | StackOverflowError e) {
            stderr.println("jsos: could not write the findings (the bundle is written without them): " + e);
            return List.of();
        }
    }
}
