package dev.ferry.runtime.cli;

import java.util.Map;
import java.util.Stack;
import picocli.CommandLine.IParameterPreprocessor;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * An option whose port may be left out ({@code --web-ui} or {@code --web-ui 8081}): it takes the
 * next argument only when that is a number, so {@code --web-ui module.yaml} leaves the module file
 * to the positional parameters (picocli alone would try it as the port and fail). Without a port
 * the option's value is 0: a free port.
 */
final class OptionalPort implements IParameterPreprocessor {
    @Override
    public boolean preprocess(
            Stack<String> args, CommandSpec command, ArgSpec option, Map<String, Object> info) {
        if (!args.isEmpty() && args.peek().matches("-?\\d+")) {
            return false;
        }
        option.setValue(0);
        return true;
    }
}
