package org.gridgate.gateway.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import org.gridgate.gateway.config.ConfigCheck;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "config", mixinStandardHelpOptions = true,
        description = "Work with the door's configuration file.", subcommands = ConfigCommand.Check.class)
final class ConfigCommand implements Runnable {

    @Spec
    private CommandSpec spec;

    @Override
    public void run() {
        // A command that needs a subcommand and got none is a bad command line: exit 2, the usage on stderr.
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "Missing a command: one of "
                + String.join(", ", spec.commandLine().getSubcommands().keySet().stream()
                        .filter(name -> !name.equals("help")).toList()));
    }

    @Command(name = "check", mixinStandardHelpOptions = true,
            description = "Check everything serve would check, without listening: the YAML, every file it names, "
                    + "the host key and certificate, the CA directory, the policy, the secrets file and that the "
                    + "ports are free. One line per problem (file:line: key: what to do); exit code 1 if any.")
    static final class Check implements Callable<Integer> {

        @Option(names = "--config", required = true, description = "Configuration file (YAML)")
        private Path config;

        @Spec
        private CommandSpec spec;

        @Override
        public Integer call() {
            ConfigCheck.Result result = ConfigCheck.run(config, Clock.systemUTC(), true);
            PrintWriter out = spec.commandLine().getOut();
            result.problems().forEach(problem -> out.println(problem));
            if (result.problems().isEmpty()) {
                out.println(config + ": OK");
                return 0;
            }
            long errors = result.errors().size();
            out.println(config + ": " + errors + " error(s), " + (result.problems().size() - errors)
                    + " warning(s)" + (errors == 0 ? " (serve starts, and logs the warnings)" : "; serve would not "
                    + "start"));
            return 1;
        }
    }
}
