package org.gridgate.gateway.config;

import java.util.List;
import java.util.stream.Collectors;

/** A configuration that cannot be used: every problem found, each one line of the message. */
public final class ConfigProblems extends ConfigException {
    private static final long serialVersionUID = 1L;

    private final transient List<ConfigProblem> problems;

    public ConfigProblems(List<ConfigProblem> problems) {
        super(problems.stream().map(ConfigProblem::toString).collect(Collectors.joining("\n")));
        this.problems = List.copyOf(problems);
    }

    public ConfigProblems(ConfigProblem problem, Throwable cause) {
        super(problem.toString(), cause);
        this.problems = List.of(problem);
    }

    public List<ConfigProblem> problems() {
        return problems;
    }
}
