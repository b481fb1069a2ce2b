package org.gridgate.gateway.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * The line of every key in a YAML file, by its dotted name ({@code tls.key}, {@code anonymous-access[0].path}), so
 * that a problem found after Jackson has read the file can still point at its line: Jackson's own locations lag
 * behind (after a trailing comment its parser already stands on the next line) and a missing file or a certificate
 * that does not match knows no line at all. Reading the file here first also turns YAML's syntax errors (a tab, an
 * indentation that does not line up, a key given twice) into one line in plain words.
 */
final class KeyLines {

    private final Path file;
    private final Map<String, Integer> lines;

    private KeyLines(Path file, Map<String, Integer> lines) {
        this.file = file;
        this.lines = Map.copyOf(lines);
    }

    /** Reads {@code file}; a file that is not well-formed YAML is one problem, at its line. */
    static KeyLines of(Path file) throws ConfigProblems {
        Node root;
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            root = new Yaml(new SafeConstructor(new LoaderOptions())).compose(in);
        } catch (NoSuchFileException e) {
            throw new ConfigProblems(new ConfigProblem(file, 0, "", "no such file; give the path of the door's "
                    + "configuration (README, \"Production\")", false), e);
        } catch (MarkedYAMLException e) {
            throw new ConfigProblems(syntaxProblem(file, e), e);
        } catch (IOException | YAMLException e) {
            throw new ConfigProblems(new ConfigProblem(file, 0, "", "cannot read it: " + e.getMessage(), false), e);
        }
        Map<String, Integer> lines = new HashMap<>();
        List<ConfigProblem> duplicates = new ArrayList<>();
        if (root != null) {
            collect(file, root, "", lines, duplicates);
        }
        if (!duplicates.isEmpty()) {
            throw new ConfigProblems(duplicates);
        }
        return new KeyLines(file, lines);
    }

    Path file() {
        return file;
    }

    /** The line of {@code key}, or of its nearest parent that is in the file; 0 if none is. */
    int lineOf(String key) {
        String k = key;
        while (!k.isEmpty()) {
            Integer line = lines.get(k);
            if (line != null) {
                return line;
            }
            int cut = Math.max(k.lastIndexOf('.'), k.lastIndexOf('['));
            k = cut < 0 ? "" : k.substring(0, cut);
        }
        return 0;
    }

    Optional<Integer> lineIfPresent(String key) {
        return Optional.ofNullable(lines.get(key));
    }

    ConfigProblem error(String key, String message) {
        return new ConfigProblem(file, lineOf(key), key, message, false);
    }

    ConfigProblem warning(String key, String message) {
        return new ConfigProblem(file, lineOf(key), key, message, true);
    }

    private static void collect(Path file, Node node, String prefix, Map<String, Integer> lines,
                                List<ConfigProblem> duplicates) {
        if (node instanceof MappingNode mapping) {
            for (NodeTuple entry : mapping.getValue()) {
                if (!(entry.getKeyNode() instanceof ScalarNode keyNode)) {
                    continue;
                }
                String key = prefix.isEmpty() ? keyNode.getValue() : prefix + "." + keyNode.getValue();
                int line = keyNode.getStartMark().getLine() + 1;
                Integer earlier = lines.putIfAbsent(key, line);
                if (earlier != null) {
                    duplicates.add(new ConfigProblem(file, line, key, "given twice (also on line " + earlier
                            + "); keep one of them", false));
                }
                collect(file, entry.getValueNode(), key, lines, duplicates);
            }
        } else if (node instanceof SequenceNode sequence) {
            List<Node> items = sequence.getValue();
            for (int i = 0; i < items.size(); i++) {
                String key = prefix + "[" + i + "]";
                lines.put(key, items.get(i).getStartMark().getLine() + 1);
                collect(file, items.get(i), key, lines, duplicates);
            }
        }
    }

    /** SnakeYAML's complaint, at the line it points to, in words an administrator can act on. */
    private static ConfigProblem syntaxProblem(Path file, MarkedYAMLException e) {
        int line = e.getProblemMark() != null ? e.getProblemMark().getLine() + 1
                : e.getContextMark() != null ? e.getContextMark().getLine() + 1 : 0;
        String problem = e.getProblem() == null ? "" : e.getProblem();
        String words;
        if (problem.contains("(TAB)") || problem.contains("\t")) {
            words = "a tab character; YAML indents with spaces only: replace the tab with spaces";
        } else if (problem.contains("mapping values are not allowed")) {
            words = "a key where none may start: indent this line like the keys beside it, or quote a value that "
                    + "contains ': '";
        } else if (problem.startsWith("expected <block end>")) {
            words = "this line is indented differently from the lines above it: indent it like the keys beside it";
        } else if (problem.contains("could not find expected ':'")) {
            words = "a line without 'key: value': add the ':' (or indent a continued value further)";
        } else {
            words = "not valid YAML (" + problem.strip() + "); check the indentation and quoting of this line";
        }
        return new ConfigProblem(file, line, "", words, false);
    }
}
