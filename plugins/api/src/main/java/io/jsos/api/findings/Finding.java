package io.jsos.api.findings;

import java.util.List;
import java.util.Objects;

/**
 * An answer a rule gives about the node: what is wrong, how badly, the facts it rests on and
 * what to do next.
 *
 * @param id       the rule's id ({@code cgroups.oom-kills}); the same id for every finding of one rule
 * @param severity how bad it is
 * @param subject  what it is about (a container, an LV, an interface, a mount point), or {@code ""} for
 *                 the node; {@code id} and {@code subject} together identify a finding across bundles
 * @param title    one line a person reads first
 * @param evidence the values and bundle paths behind it
 * @param next     what to do next, one or two sentences
 */
public record Finding(String id, Severity severity, String subject, String title, List<Evidence> evidence, String next) {

    public Finding {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(severity, "severity");
        subject = subject == null ? "" : subject;
        Objects.requireNonNull(title, "title");
        evidence = evidence == null ? List.of() : List.copyOf(evidence);
        next = next == null ? "" : next;
    }

    /** The key that identifies this finding across two bundles: {@code id} plus {@code subject}. */
    public String key() {
        return subject.isEmpty() ? id : id + " " + subject;
    }
}
