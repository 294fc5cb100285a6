package dev.jpm.protocol.ecosystem;

import java.nio.file.Path;

/**
 * An ecosystem file that cannot be used, with the place of the problem: {@link #getMessage()}
 * reads like a compiler's {@code ecosystem.yaml:7:5: unknown key 'max_restart' in app 'api'}.
 * Line and column are 1-based; 0 means unknown.
 */
public class EcosystemException extends Exception {
    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final int line;
    private final int column;
    private final String plainMessage;

    public EcosystemException(Path file, int line, int column, String plainMessage) {
        super(plainMessage);
        this.file = file;
        this.line = Math.max(0, line);
        this.column = line > 0 ? Math.max(0, column) : 0;
        this.plainMessage = plainMessage;
    }

    /** The file as the caller named it. */
    public Path file() {
        return file;
    }

    public int line() {
        return line;
    }

    public int column() {
        return column;
    }

    /** The problem without the place. */
    public String plainMessage() {
        return plainMessage;
    }

    @Override
    public String getMessage() {
        StringBuilder sb = new StringBuilder();
        if (file != null) {
            sb.append(file);
            if (line > 0) {
                sb.append(':').append(line);
                if (column > 0) {
                    sb.append(':').append(column);
                }
            }
            sb.append(": ");
        }
        return sb.append(plainMessage).toString();
    }
}
