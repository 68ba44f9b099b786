package io.jsos.api.build;

import io.jsos.api.ApiVersion;

import java.io.IOException;
import java.io.Writer;
import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.RoundEnvironment;
import javax.annotation.processing.SupportedAnnotationTypes;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.Element;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.TypeMirror;
import javax.tools.Diagnostic;
import javax.tools.StandardLocation;

/**
 * Records in a plugin jar which plugin API it was compiled against, with nothing for the vendor to
 * write. The API jar registers this annotation processor, so {@code javac} runs it whenever the API
 * is on the class path (JDK 17 to 22 by default; from JDK 23 pass {@code -proc:full}). When the
 * sources being compiled hold a {@link io.jsos.api.Collector} (or a findings rule), it writes {@value #RESOURCE} with
 * {@link ApiVersion#CURRENT} of the API jar at hand; jsos reads it before loading any class of the
 * jar and refuses a jar built for a newer API. It claims no annotation and changes no class.
 */
@SupportedAnnotationTypes("*")
public final class ApiVersionRecorder extends AbstractProcessor {

    /** Where the version is recorded inside the plugin jar. */
    public static final String RESOURCE = "META-INF/jsos/plugin-api-version";

    /** What a plugin jar provides through ServiceLoader: collectors, and findings rules where the API has them. */
    private static final String[] SPIS = {"io.jsos.api.Collector", "io.jsos.api.findings.Rule"};

    private boolean written;

    /** Creates the processor (javac does, through the service file of the API jar). */
    public ApiVersionRecorder() {
    }

    /** Any source level: the processor reads nothing version-specific. */
    @Override
    public SourceVersion getSupportedSourceVersion() {
        return SourceVersion.latestSupported();
    }

    /** Writes the resource in the first round that compiles a collector; claims nothing. */
    @Override
    public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
        if (written || round.processingOver()) {
            return false;
        }
        for (String spi : SPIS) {
            TypeElement iface = processingEnv.getElementUtils().getTypeElement(spi);
            if (iface == null) {
                continue;
            }
            TypeMirror type = processingEnv.getTypeUtils().erasure(iface.asType());
            for (Element e : round.getRootElements()) {
                // jsos's own classes (io.jsos.*) are built-ins, built with the API they run with: nothing to record.
                if (e instanceof TypeElement t && !t.getQualifiedName().toString().startsWith("io.jsos.")
                        && processingEnv.getTypeUtils().isAssignable(processingEnv.getTypeUtils().erasure(t.asType()), type)) {
                    write();
                    return false;
                }
            }
        }
        return false;
    }

    private void write() {
        written = true;
        try (Writer w = processingEnv.getFiler().createResource(StandardLocation.CLASS_OUTPUT, "", RESOURCE).openWriter()) {
            w.write(ApiVersion.CURRENT + "\n");
        } catch (IOException | IllegalStateException e) {
            // Another processor run (an incremental build) may have written it already: a note, not a failure.
            processingEnv.getMessager().printMessage(Diagnostic.Kind.NOTE, "jsos: " + RESOURCE + " not written: " + e.getMessage());
        }
    }
}
