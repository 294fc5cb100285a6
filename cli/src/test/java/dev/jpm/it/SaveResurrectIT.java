package dev.jpm.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jpm.it.fixtures.Sleeper;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** save, kill, resurrect: the same apps come back with the same instance counts. */
class SaveResurrectIT {
    @RegisterExtension
    final JpmHarness jpm = JpmHarness.create();

    @Test
    void resurrectBringsBackWhatWasSaved() throws Exception {
        Path jar = FixtureJars.build(jpm.home(), Sleeper.class);
        JpmHarness.Result nothing = jpm.jpm("resurrect");
        assertEquals(3, nothing.exitCode(), nothing.err());
        assertTrue(nothing.err().contains("nothing saved yet"), nothing.err());

        jpm.jpm("start", jar.toString(), "-i", "2", "--name", "one").expectOk();
        jpm.jpm("start", jar.toString(), "--name", "two").expectOk();
        jpm.jpm("scale", "two", "+1").expectOk();
        assertTrue(jpm.jpm("save").expectOk().out().contains("saved 2 app(s)"));
        jpm.list();
        jpm.jpm("kill").expectOk();

        jpm.jpm("resurrect").expectOk();
        List<Map<String, Object>> rows = jpm.list();
        assertEquals(4, rows.size());
        assertEquals(2, rows.stream().filter(r -> "one".equals(r.get("name"))).count());
        assertEquals(2, rows.stream().filter(r -> "two".equals(r.get("name"))).count());
        rows.forEach(r -> assertEquals("online", r.get("status")));

        String again = jpm.jpm("resurrect").expectOk().out();
        assertTrue(again.contains("already running"), again);
        assertEquals(4, jpm.list().size());
    }
}
