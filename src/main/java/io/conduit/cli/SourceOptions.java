package io.conduit.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import io.conduit.source.ExportFormat;
import io.conduit.source.ExportReaders;
import io.conduit.source.SourceParameter;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The {@code import} options that sources declare ({@link SourceParameter#cliOption()}, e.g. csv's
 * {@code --delimiter}), added to the command when it is built, so that a new source adds its options without
 * changing the command.
 */
public final class SourceOptions implements CommandLine.IModelTransformer {

    @Override
    public CommandSpec transform(CommandSpec spec) {
        Map<String, Map<String, SourceParameter>> byOption = byOption();
        byOption.forEach((name, sources) -> {
            SourceParameter first = sources.values().iterator().next();
            String types = String.join(", ", sources.keySet());
            spec.addOption(OptionSpec.builder(name)
                    .paramLabel(first.paramLabel() == null ? "VALUE" : first.paramLabel())
                    .type(String.class)
                    .description(types + ": " + first.description()
                            + (first.defaultValue() == null ? "" : " (default: " + printable(first.defaultValue()) + ")"))
                    .build());
        });
        return spec;
    }

    /**
     * The source options given on the command line for {@code format}, by parameter name.
     *
     * @throws IllegalArgumentException "--delimiter applies to csv only" when an option of another source is given
     */
    static Map<String, String> given(CommandSpec spec, ExportFormat format) {
        CommandLine.ParseResult parsed = spec.commandLine().getParseResult();
        Map<String, String> options = new LinkedHashMap<>();
        byOption().forEach((name, sources) -> {
            String value = parsed.matchedOptionValue(name, (String) null);
            if (value == null) {
                return;
            }
            SourceParameter p = sources.get(format.type());
            if (p == null) {
                throw new IllegalArgumentException(name + " applies to " + String.join(", ", sources.keySet()) + " only");
            }
            options.put(p.name(), value);
        });
        return options;
    }

    /** Every source option, by option name, then by source type. */
    private static Map<String, Map<String, SourceParameter>> byOption() {
        Map<String, Map<String, SourceParameter>> byOption = new TreeMap<>();
        for (String type : ExportReaders.sourceTypes()) {
            List<SourceParameter> own = ExportReaders.format(type).parameters().stream()
                    .filter(p -> p.cliOption() != null).collect(Collectors.toList());
            for (SourceParameter p : own) {
                byOption.computeIfAbsent(p.cliOption(), k -> new TreeMap<>()).put(type, p);
            }
        }
        return byOption;
    }

    private static String printable(String value) {
        return value.isEmpty() ? "empty" : value;
    }
}
