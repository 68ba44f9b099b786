package io.jsos.network;

import io.jsos.testkit.FixtureHost;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A fake program for a fixture host that answers by its arguments ({@code ip -j route} and
 * {@code ip -n ns1 -j -s -d addr show} print different things), unlike the testkit's one-output
 * fake. Any other argument list prints {@link #otherwise(String)}. A leading {@code --timeout=N} is
 * ignored when matching.
 */
final class FakeTool {

    private final String name;
    private final Map<String, String> outputs = new LinkedHashMap<>();
    private final Map<String, Integer> exits = new LinkedHashMap<>();
    private String fallback = "[]";

    private FakeTool(String name) {
        this.name = name;
    }

    static FakeTool named(String name) {
        return new FakeTool(name);
    }

    /** What {@code name <args>} prints (args joined by single spaces). */
    FakeTool on(String args, String stdout) {
        outputs.put(args, stdout);
        return this;
    }

    FakeTool on(String args, String stdout, int exit) {
        exits.put(args, exit);
        return on(args, stdout);
    }

    /** What any other argument list prints (exit 0); default "[]". */
    FakeTool otherwise(String stdout) {
        fallback = stdout;
        return this;
    }

    FixtureHost install(FixtureHost host) {
        Path dir = host.root().resolve(".fixture/" + name);
        try {
            Files.createDirectories(dir);
            // a leading --timeout=N (the ovs-* tools' own) is not part of what is matched: its value varies
            StringBuilder sb = new StringBuilder("#!/bin/sh\nargs=\"$*\"\ncase \"$args\" in --timeout=*) args=\"${args#* }\";; esac\ncase \"$args\" in\n");
            int i = 0;
            for (Map.Entry<String, String> e : outputs.entrySet()) {
                Path out = dir.resolve(i++ + ".out");
                Files.writeString(out, e.getValue(), StandardCharsets.UTF_8);
                sb.append("  '").append(e.getKey()).append("') cat '").append(out).append("'; exit ")
                        .append(exits.getOrDefault(e.getKey(), 0)).append(";;\n");
            }
            Path other = dir.resolve("otherwise.out");
            Files.writeString(other, fallback, StandardCharsets.UTF_8);
            sb.append("  *) cat '").append(other).append("';;\nesac\n");
            return host.commandScript(name, sb.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
