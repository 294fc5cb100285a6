package dev.jpm.daemon.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StateStoreTest {
    @TempDir
    Path dir;

    private final List<String> warnings = new ArrayList<>();
    private static final DaemonState STATE = new DaemonState(3, List.of());

    private StateStore<DaemonState> store() {
        return new StateStore<>(dir.resolve("state.json"), DaemonState.class);
    }

    @Test
    void aCorruptOrEmptyFileIsReadFromItsCopyAndTheWarningSaysSo() throws Exception {
        store().save(STATE);
        for (String damage : List.of("{\"nextId\": 3, \"apps\": [", "")) {
            Files.writeString(dir.resolve("state.json"), damage);
            warnings.clear();

            assertEquals(STATE, store().load(DaemonState.EMPTY, warnings::add));
            assertEquals(1, warnings.size());
            assertTrue(warnings.get(0).contains("recovered from its copy state.json.prev"), warnings.get(0));
            assertTrue(Files.exists(dir.resolve("state.json.corrupt")), "kept for a person to look at");
        }
    }

    @Test
    void aMissingFileWithACopyIsRecoveredAndAFreshHomeIsSilent() throws Exception {
        assertEquals(DaemonState.EMPTY, store().load(DaemonState.EMPTY, warnings::add));
        assertEquals(List.of(), warnings);

        store().save(STATE);
        Files.delete(dir.resolve("state.json"));
        assertEquals(STATE, store().load(DaemonState.EMPTY, warnings::add));
        assertTrue(warnings.get(0).contains("missing"), warnings.toString());
    }

    @Test
    void bothDamagedStartsFromNothingAndSaysSo() throws Exception {
        Files.writeString(dir.resolve("state.json"), "x");
        Files.writeString(dir.resolve("state.json.prev"), "");

        assertEquals(DaemonState.EMPTY, store().load(DaemonState.EMPTY, warnings::add));
        assertTrue(warnings.get(0).contains("starting from nothing"), warnings.toString());
    }

    @Test
    void writesLeaveNoTempFilesAndReuseOneLeftByACrash() throws Exception {
        Files.writeString(AtomicFiles.tempFor(dir.resolve("state.json")), "half a wri");
        for (int i = 0; i < 5; i++) {
            store().save(new DaemonState(i, List.of()));
        }
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of("state.json", "state.json.prev"), files.map(p -> p.getFileName().toString()).sorted().toList());
        }
        assertEquals(new DaemonState(4, List.of()), store().load(DaemonState.EMPTY, warnings::add));
    }
}
