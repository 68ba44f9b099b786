package io.jsos.api;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The API is what vendors read first: every public type and every public member declared in its
 * sources carries a Javadoc comment, and the API depends on nothing beyond the JDK.
 */
class ApiDocTest {

    private static final Path SOURCES = Path.of("src/main/java/io/jsos/api");
    /** A public (or interface-implicitly public) declaration: a type, a method, a constructor or a constant. */
    private static final Pattern DECLARATION = Pattern.compile(
            "^\\s*(public\\s+|default\\s+|static\\s+|final\\s+|abstract\\s+|sealed\\s+)*"
                    + "(class|interface|record|enum|@interface|[\\w<>\\[\\], ?]+\\s+\\w+\\s*\\(|[\\w<>\\[\\], ?]+\\s+[A-Z_][A-Z0-9_]*\\s*=|\\w+\\s*\\{|\\w+\\s*\\().*");

    @Test
    void everyPublicTypeAndMemberHasJavadoc() throws IOException {
        List<String> undocumented = new ArrayList<>();
        for (Path dir : List.of(SOURCES, SOURCES.resolve("build"))) {
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (Stream<Path> files = Files.list(dir)) {
                for (Path f : files.filter(p -> p.toString().endsWith(".java")).sorted().toList()) {
                    undocumented.addAll(undocumented(f));
                }
            }
        }
        assertThat(undocumented).as("public declarations without a /** comment").isEmpty();
    }

    @Test
    void theApiIsJdkOnly() throws IOException {
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                for (String line : Files.readAllLines(f)) {
                    if (line.startsWith("import ")) {
                        assertThat(line).as(f + " imports only the JDK and the API itself")
                                .matches("import (static )?(java\\.|javax\\.|io\\.jsos\\.api\\.).*");
                    }
                }
            }
        }
    }

    /**
     * Declarations at the top level and one level into a type (members), public by keyword or by
     * being in an interface, that have no Javadoc just above them (annotations may stand between).
     */
    static List<String> undocumented(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file);
        List<String> out = new ArrayList<>();
        boolean inInterface = false;
        int depth = 0;
        boolean inBlockComment = false;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            String t = line.trim();
            if (inBlockComment) {
                inBlockComment = !t.contains("*/");
                continue;
            }
            if (t.startsWith("/*")) {
                inBlockComment = !t.contains("*/");
                continue;
            }
            int indent = line.length() - line.stripLeading().length();
            boolean topLevel = depth == 0;
            boolean member = depth == 1 && indent == 4;
            if ((topLevel || member) && !t.startsWith("@") && !t.startsWith("//") && !t.startsWith("return")
                    && !t.startsWith("package") && !t.startsWith("import") && !t.isEmpty() && !t.startsWith("}")
                    && !t.startsWith("private") && !t.startsWith("throw")) {
                boolean isPublic = t.startsWith("public") || (member && inInterface && DECLARATION.matcher(line).matches());
                if (isPublic && !t.startsWith("@Override") && !documented(lines, i)) {
                    out.add(file.getFileName() + ":" + (i + 1) + ": " + t);
                }
                if (topLevel && t.matches("public\\s+(sealed\\s+)?interface.*")) {
                    inInterface = true;
                }
            }
            depth += count(t, '{') - count(t, '}');
        }
        return out;
    }

    private static boolean documented(List<String> lines, int i) {
        int j = i - 1;
        while (j >= 0 && lines.get(j).trim().startsWith("@")) {
            j--;
        }
        // An @Override implements a documented member: its Javadoc is inherited.
        for (int k = j + 1; k < i; k++) {
            if (lines.get(k).trim().startsWith("@Override")) {
                return true;
            }
        }
        return j >= 0 && lines.get(j).trim().endsWith("*/");
    }

    private static int count(String s, char c) {
        String code = s.replaceAll("\"([^\"\\\\]|\\\\.)*\"", "\"\"").replaceAll("'([^'\\\\]|\\\\.)'", "''");
        int n = 0;
        for (char x : code.toCharArray()) {
            if (x == c) {
                n++;
            }
        }
        return n;
    }
}
