package dev.jpm.protocol.ecosystem;

import java.util.HashSet;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.composer.Composer;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.events.AliasEvent;
import org.yaml.snakeyaml.events.CollectionEndEvent;
import org.yaml.snakeyaml.events.CollectionStartEvent;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.events.StreamEndEvent;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.parser.Parser;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.StreamReader;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * Turns YAML text into SnakeYAML's node tree, which keeps the line and column of every key and
 * value and never constructs Java objects (so no tags can instantiate anything).
 *
 * <p>Hostile input is refused before the tree is built: text over {@link #MAX_CHARS}, nesting
 * deeper than {@link #MAX_DEPTH}, and more than {@link #MAX_COLLECTION_ALIASES} aliases to lists
 * or mappings (the "billion laughs" bomb). A first pass over the parser's events checks these so
 * the error can point at the offending alias; SnakeYAML's own limits stay set as a backstop. The
 * tree itself shares aliased nodes and is never expanded.
 */
final class YamlLoader {
    static final int MAX_CHARS = 1024 * 1024;
    static final int MAX_DEPTH = 20;
    static final int MAX_COLLECTION_ALIASES = 32;

    private YamlLoader() {
    }

    /** The single document's root node, or null when the text holds no document (empty, only comments). */
    static Node load(String text, Reporter report) throws EcosystemException {
        if (text.length() > MAX_CHARS) {
            throw report.atFile("file is larger than " + MAX_CHARS / 1024 + " KiB; an ecosystem file should be small");
        }
        try {
            checkLimits(text, report);
            Composer composer = new Composer(parser(text), new Resolver(), options());
            return composer.getSingleNode();
        } catch (MarkedYAMLException e) {
            throw syntaxError(e, report);
        } catch (YAMLException e) {
            throw report.atFile("bad YAML: " + e.getMessage());
        } catch (RuntimeException e) {
            // SnakeYAML does not keep all its refusals to YAMLException: a tag such as "!g%a" (a bad
            // %-escape) fails in the composer with IllegalArgumentException (found by
            // EcosystemReaderFuzzTest). Whatever it throws, the file is bad YAML, not a jpm failure.
            throw report.atFile("bad YAML: " + e.getMessage());
        }
    }

    private static void checkLimits(String text, Reporter report) throws EcosystemException {
        Parser parser = parser(text);
        Set<String> collectionAnchors = new HashSet<>();
        int depth = 0;
        int aliases = 0;
        Event event;
        do {
            event = parser.getEvent();
            if (event instanceof CollectionStartEvent start) {
                if (++depth > MAX_DEPTH) {
                    throw report.at(event.getStartMark(), "YAML nested deeper than " + MAX_DEPTH + " levels");
                }
                if (start.getAnchor() != null) {
                    collectionAnchors.add(start.getAnchor());
                }
            } else if (event instanceof CollectionEndEvent) {
                depth--;
            } else if (event instanceof AliasEvent alias && collectionAnchors.contains(alias.getAnchor())
                    && ++aliases > MAX_COLLECTION_ALIASES) {
                throw report.at(event.getStartMark(), "more than " + MAX_COLLECTION_ALIASES
                        + " aliases (*name) to lists or mappings; refused as a possible alias bomb");
            }
        } while (!(event instanceof StreamEndEvent));
    }

    private static Parser parser(String text) {
        return new ParserImpl(new StreamReader(text), options());
    }

    private static LoaderOptions options() {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setAllowRecursiveKeys(false);
        options.setMaxAliasesForCollections(MAX_COLLECTION_ALIASES);
        options.setNestingDepthLimit(MAX_DEPTH + 1);
        options.setCodePointLimit(MAX_CHARS);
        return options;
    }

    private static EcosystemException syntaxError(MarkedYAMLException e, Reporter report) {
        Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
        StringBuilder message = new StringBuilder("bad YAML: ");
        String problem = e.getProblem() != null ? e.getProblem() : "syntax error";
        if (e.getContext() != null) {
            message.append(e.getContext());
            Mark context = e.getContextMark();
            if (context != null && context != mark) {
                message.append(" at line ").append(context.getLine() + 1).append(", column ").append(context.getColumn() + 1);
            }
            message.append(problem.startsWith("but ") ? ", " : ": ");
        }
        message.append(problem);
        return report.at(mark, message.toString());
    }
}
