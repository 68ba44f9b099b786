package io.jsos.storage;

import com.fasterxml.jackson.databind.JsonNode;
import io.jsos.api.Bundle;
import io.jsos.api.Command;
import io.jsos.api.CommandResult;

import java.io.IOException;
import java.util.List;

/**
 * Runs a tool that prints JSON, keeps its output in the bundle and parses it. Whatever goes wrong
 * (not on PATH, killed at its timeout, non-zero exit, garbage) becomes one line in {@code errors}
 * and in the manifest, and the caller gets null: the rest of the collector goes on.
 */
public final class ToolRun {

    private ToolRun() {
    }

    /** The result and its parsed document (null when the command failed or printed no JSON). */
    public record Parsed(CommandResult result, JsonNode doc, String error) {
    }

    public static Parsed json(Bundle bundle, String file, Command command, List<String> errors) {
        CommandResult r = bundle.command(file, command);
        return parse(r, command.display(), bundle, errors);
    }

    /** Parses an already run command; {@code bundle} may be null (scrapes record nothing). */
    public static Parsed parse(CommandResult r, String display, Bundle bundle, List<String> errors) {
        String error = null;
        JsonNode doc = null;
        if (r.timedOut() || (r.exitCode() == -1 && r.error() != null)) {
            error = display + ": " + r.summary();
        } else {
            try {
                doc = StorageJson.parse(r.stdout());
            } catch (IOException e) {
                error = display + ": " + r.summary() + ", " + e.getMessage() + stderrHint(r);
            }
            if (doc != null && r.exitCode() != 0) {
                // lvm2 prints a valid report with rc 5 when one VG of many is unreadable: keep it, note it
                String note = display + ": " + r.summary() + stderrHint(r);
                if (errors != null) {
                    errors.add(note);
                }
                if (bundle != null) {
                    bundle.error(note);
                }
            }
        }
        if (error != null) {
            if (errors != null) {
                errors.add(error);
            }
            if (bundle != null) {
                bundle.error(error);
            }
        }
        return new Parsed(r, doc, error);
    }

    public static String stderrHint(CommandResult r) {
        String err = r.stderrText().strip();
        if (err.isEmpty()) {
            return "";
        }
        String last = err.lines().reduce((a, b) -> b).orElse("");
        return " (stderr: " + (last.length() > 200 ? last.substring(0, 200) : last) + ")";
    }
}
