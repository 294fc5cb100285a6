package dev.jpm.protocol.view;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jpm.protocol.wire.Json;
import dev.jpm.protocol.wire.JsonException;
import dev.jpm.protocol.wire.RecordCodec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The one definition of an instance's status: its wire names, and the README's States table naming the same set. */
class InstanceStatusTest {
    @Test
    void wireNamesAreTheOnesScriptsAlreadyRead() {
        assertEquals(List.of("launching", "online", "stopping", "stopped", "errored"),
                Arrays.stream(InstanceStatus.values()).map(InstanceStatus::wireName).toList());
        for (InstanceStatus s : InstanceStatus.values()) {
            assertEquals("\"" + s.wireName() + "\"", Json.write(RecordCodec.toJson(s)));
            assertEquals(s, RecordCodec.fromJson(InstanceStatus.class, s.wireName()));
        }
        assertThrows(JsonException.class, () -> RecordCodec.fromJson(InstanceStatus.class, "sleeping"));
    }

    @Test
    void readmeStatesTableNamesEveryStatus() throws Exception {
        String readme = Files.readString(Path.of("..", "README.md"));
        String states = readme.substring(readme.indexOf("## States"));
        Matcher row = Pattern.compile("^\\| `([a-z]+)` \\|", Pattern.MULTILINE).matcher(states.substring(0, states.indexOf("\n\n", states.indexOf("|---"))));
        List<String> documented = new java.util.ArrayList<>();
        while (row.find()) {
            documented.add(row.group(1));
        }
        assertEquals(Arrays.stream(InstanceStatus.values()).map(InstanceStatus::wireName).toList(), documented);
    }
}
