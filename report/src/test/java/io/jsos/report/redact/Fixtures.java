package io.jsos.report.redact;

import java.util.Set;

/** The host the redaction tests pretend to run on. */
final class Fixtures {

    private Fixtures() {
    }

    /** web1.corp.acme.com, search domain lab.acme.com, users alice, bob and j.doe. */
    static RedactionFacts facts() {
        return new RedactionFacts(
                Set.of("web1.corp.acme.com", "web1-mgmt"),
                Set.of("corp.acme.com", "lab.acme.com"),
                Set.of("alice", "bob", "j.doe"));
    }

    static DefaultRedactor redactor() {
        return new DefaultRedactor(facts());
    }
}
