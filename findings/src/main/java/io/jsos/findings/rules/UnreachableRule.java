package io.jsos.findings.rules;

import io.jsos.api.findings.Evidence;
import io.jsos.api.findings.Finding;
import io.jsos.api.findings.Models;
import io.jsos.api.findings.Severity;
import io.jsos.api.findings.Thresholds;
import io.jsos.findings.J;

import java.util.List;

/** A service the collector could not talk to ({@code "reachable": false} in its model): a warning with its error. */
abstract class UnreachableRule extends BaseRule {

    private final String collector;
    private final String what;
    private final String next;

    UnreachableRule(String id, String description, String collector, String what, String next) {
        super(id, description);
        this.collector = collector;
        this.what = what;
        this.next = next;
    }

    @Override
    public final List<Finding> evaluate(Models m, Thresholds t) {
        String path = m.modelPath(collector);
        return m.object(collector).filter(d -> Boolean.FALSE.equals(J.bool(d, "reachable")))
                .map(d -> List.of(finding(Severity.WARNING, "", what + " unreachable: " + J.str(d, "error"),
                        List.of(Evidence.of("reachable", false, path), Evidence.of("error", J.str(d, "error"), path)), next)))
                .orElse(List.of());
    }
}
