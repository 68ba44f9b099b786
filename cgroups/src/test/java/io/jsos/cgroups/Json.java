package io.jsos.cgroups;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.stream.StreamSupport;

/** Finding things in a collector's JSON document. */
final class Json {

    private Json() {
    }

    /** The cgroup with this path in jsos/cgroups.json. */
    static JsonNode cgroup(JsonNode doc, String path) {
        return StreamSupport.stream(doc.get("cgroups").spliterator(), false)
                .filter(c -> c.get("path").asText().equals(path)).findFirst()
                .orElseThrow(() -> new AssertionError("no cgroup " + path + " in the document"));
    }
}
