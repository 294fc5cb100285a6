package dev.jpm.daemon.jvm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Finding and reading a process's oom_kill counter on cgroup v1, v2 and hybrid hosts (fixture trees). */
class OomKillsTest {
    private static final Path ROOT = Path.of("/sys/fs/cgroup");

    @Test
    void v2HostLooksAtTheRootThenUnderUnified() {
        assertEquals(List.of(ROOT.resolve("system.slice/jpm.service/memory.events"), ROOT.resolve("unified/system.slice/jpm.service/memory.events")),
                OomKills.candidates("0::/system.slice/jpm.service\n", ROOT));
    }

    @Test
    void hybridHostPrefersTheV1MemoryController() {
        String procCgroup = """
                9:name=systemd:/
                4:memory:/process_api/a8c7
                1:cpu,cpuacct:/
                0::/
                """;
        assertEquals(List.of(ROOT.resolve("memory/process_api/a8c7/memory.oom_control"), ROOT.resolve("memory.events"),
                ROOT.resolve("unified/memory.events")), OomKills.candidates(procCgroup, ROOT));
    }

    @Test
    void theCounterLineOfEitherFile() {
        assertEquals(OptionalLong.of(2), OomKills.parse("low 0\nhigh 0\nmax 17\noom 3\noom_kill 2\noom_group_kill 0\n"));
        assertEquals(OptionalLong.of(0), OomKills.parse("oom_kill_disable 0\nunder_oom 0\noom_kill 0\n"));
        assertEquals(OptionalLong.empty(), OomKills.parse("oom_kill_disable 0\nunder_oom 0\n"), "a kernel before 4.13");
    }

    @Test
    void aMissingFileIsUnknown(@TempDir Path dir) throws Exception {
        assertEquals(OptionalLong.empty(), OomKills.read(dir.resolve("gone")));
        assertEquals(OptionalLong.of(5), OomKills.read(Files.writeString(dir.resolve("memory.events"), "oom 5\noom_kill 5\n")));
    }

    @Test
    void thisProcessHasACounterWhereTheKernelKeepsOne() {
        // on a host whose cgroup files are readable (every Linux since 4.13 with cgroups mounted), it is found
        OomKills.counterFile(ProcessHandle.current().pid()).ifPresent(file -> assertEquals(true, OomKills.read(file).isPresent(), file::toString));
    }
}
