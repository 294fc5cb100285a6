package dev.jpm.cli.export;

import java.util.List;

/**
 * What an exporter returns: the files, and the warnings for stderr (keys not carried over, choices
 * made for the user). The same keys are also listed in a comment at the top of each file.
 */
public record Export(List<ExportFile> files, List<String> warnings) {
    public Export {
        files = List.copyOf(files);
        warnings = List.copyOf(warnings);
    }
}
