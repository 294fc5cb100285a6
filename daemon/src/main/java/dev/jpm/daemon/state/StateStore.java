package dev.jpm.daemon.state;

import dev.jpm.protocol.wire.Json;
import dev.jpm.protocol.wire.JsonException;
import dev.jpm.protocol.wire.RecordCodec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.function.Consumer;

/** Reads and atomically replaces a JSON file holding one record ({@code state.json}, {@code dump.json}). */
public final class StateStore<T extends Record> {
    private final Path file;
    private final Class<T> type;

    public StateStore(Path file, Class<T> type) {
        this.file = file;
        this.type = type;
    }

    public Path file() {
        return file;
    }

    /** The stored value, or {@code fallback} when there is none; a corrupt file is reported and set aside. */
    public T load(T fallback, Consumer<String> warn) {
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8);
            return RecordCodec.fromJson(type, Json.parse(text));
        } catch (NoSuchFileException e) {
            return fallback;
        } catch (IOException | JsonException e) {
            Path aside = file.resolveSibling(file.getFileName() + ".corrupt");
            warn.accept("cannot read " + file + " (" + e.getMessage() + "); moved it to " + aside);
            try {
                Files.move(file, aside, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException ignored) {
                // the warning above already says the file is unusable
            }
            return fallback;
        }
    }

    public void save(T value) throws IOException {
        AtomicFiles.write(file, Json.write(RecordCodec.toJson(value)) + "\n");
    }
}
