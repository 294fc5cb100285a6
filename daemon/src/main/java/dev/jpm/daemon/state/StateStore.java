package dev.jpm.daemon.state;

import dev.jpm.protocol.wire.Json;
import dev.jpm.protocol.wire.JsonException;
import dev.jpm.protocol.wire.RecordCodec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.function.Consumer;

/**
 * Reads and atomically replaces a JSON file holding one record ({@code state.json},
 * {@code dump.json}). Every save writes the file and then a second copy, {@code <file>.prev}, so
 * that a file damaged after it was written (a disk error, an editor, a truncation) is recovered
 * from the copy rather than lost (DESIGN.md decision 12). A crash between the two writes leaves
 * the copy one change behind, never broken: each is replaced atomically. {@code state.json}'s
 * copy may be written a moment later than the file ({@link #saveMain}, {@link #saveCopy}), so that
 * a launch waits only for the file its intent is in. Used by one thread (the supervisor's, or a
 * request's for {@code dump.json}).
 */
public final class StateStore<T extends Record> {
    private final Path file;
    private final Path copy;
    private final Class<T> type;
    /** What {@link #saveMain} wrote and the copy does not hold yet; null when the copy is current. */
    private String pendingCopy;

    public StateStore(Path file, Class<T> type) {
        this.file = file;
        this.copy = file.resolveSibling(file.getFileName() + ".prev");
        this.type = type;
    }

    public Path file() {
        return file;
    }

    /**
     * The stored value, or {@code fallback} when there is none. A corrupt or missing file is read
     * from its copy instead; {@code warn} is told what happened in words for the user, and a
     * corrupt file is moved aside for a person to look at.
     */
    public T load(T fallback, Consumer<String> warn) {
        String problem;
        try {
            return read(file);
        } catch (NoSuchFileException e) {
            if (!Files.exists(copy)) {
                return fallback;
            }
            problem = file + " is missing";
        } catch (IOException | RuntimeException e) {
            Path aside = file.resolveSibling(file.getFileName() + ".corrupt");
            problem = file + " is unreadable (" + describe(e) + "; kept as " + aside.getFileName() + ")";
            try {
                Files.move(file, aside, StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException ignored) {
                // the warning already says the file is unusable; the next save replaces it
            }
        }
        try {
            T recovered = read(copy);
            warn.accept(problem + "; recovered from its copy " + copy.getFileName());
            return recovered;
        } catch (IOException | RuntimeException e) {
            warn.accept(problem + " and its copy " + copy.getFileName() + " too (" + describe(e) + "); starting from nothing");
            return fallback;
        }
    }

    public void save(T value) throws IOException {
        saveMain(value);
        saveCopy();
    }

    /** Writes the file durably; its copy waits for {@link #saveCopy}. */
    public void saveMain(T value) throws IOException {
        String text = Json.write(RecordCodec.toJson(value)) + "\n";
        AtomicFiles.write(file, text);
        pendingCopy = text;
    }

    /** Writes the copy of the last {@link #saveMain}, once. */
    public void saveCopy() throws IOException {
        if (pendingCopy != null) {
            AtomicFiles.write(copy, pendingCopy);
            pendingCopy = null;
        }
    }

    private T read(Path path) throws IOException {
        String text = Files.readString(path, StandardCharsets.UTF_8);
        if (text.isBlank()) {
            throw new JsonException("the file is empty");
        }
        return RecordCodec.fromJson(type, Json.parse(text));
    }

    private static String describe(Exception e) {
        return e instanceof NoSuchFileException ? "missing" : e.getMessage();
    }
}
