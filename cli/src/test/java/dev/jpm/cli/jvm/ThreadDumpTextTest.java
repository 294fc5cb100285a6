package dev.jpm.cli.jvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Against a real dump: the demo app with its /fault/deadlock pair, taken with jcmd Thread.print -l on JDK 17. */
class ThreadDumpTextTest {

    @Test
    void everyThreadOfTheRealDumpIsRead() throws IOException {
        ThreadDumpText.Parsed dump = ThreadDumpText.parse(fixture());
        assertEquals(24, dump.threads().size(), dump.threads().stream().map(ThreadDumpText.JavaThread::name).toList().toString());
        ThreadDumpText.JavaThread handler = thread(dump, "demo-handler");
        assertEquals(16L, handler.number());
        assertTrue(handler.daemon());
        assertEquals(5, handler.priority());
        assertTrue(handler.state().startsWith("WAITING (parking)"), handler.state());
        assertTrue(handler.stack().get(0).at().startsWith("jdk.internal.misc.Unsafe.park"), handler.stack().get(0).at());
        assertTrue(handler.stack().get(0).locks().get(0).startsWith("parking to wait for"), handler.stack().get(0).locks().toString());
        ThreadDumpText.JavaThread vm = thread(dump, "VM Thread");
        assertNull(vm.number());
        assertNull(vm.priority());
        assertNull(vm.state());
        assertFalse(vm.daemon());
        assertTrue(vm.stack().isEmpty());
        ThreadDumpText.JavaThread dispatcher = thread(dump, "HTTP-Dispatcher");
        assertFalse(dispatcher.daemon());
    }

    @Test
    void theDeadlockedPairIsFoundWithTheirLocks() throws IOException {
        ThreadDumpText.Parsed dump = ThreadDumpText.parse(fixture());
        assertTrue(dump.hasDeadlock());
        assertEquals(1, dump.deadlockCount());
        assertEquals(List.of("demo-deadlock-a", "demo-deadlock-b"), dump.deadlockedThreads());
        assertTrue(dump.deadlocks().startsWith("Found one Java-level deadlock:"), dump.deadlocks());
        assertTrue(dump.deadlocks().trim().endsWith("Found 1 deadlock."), dump.deadlocks());
        ThreadDumpText.JavaThread a = thread(dump, "demo-deadlock-a");
        assertEquals("BLOCKED (on object monitor)", a.state());
        List<String> locks = a.stack().get(0).locks();
        assertTrue(locks.get(0).startsWith("waiting to lock <"), locks.toString());
        assertTrue(locks.get(1).startsWith("locked <"), locks.toString());
        assertEquals(24, dump.threads().size(), "the report's own thread lines are not threads");
    }

    @Test
    void aDumpWithoutDeadlockSaysSoAndOwnableSynchronizersAreKept() {
        String text = """
                2026-11-23 19:15:08
                Full thread dump OpenJDK 64-Bit Server VM (17.0.15+6-Debian-1deb12u1 mixed mode, sharing):

                "main" #1 prio=5 os_prio=0 cpu=42.38ms elapsed=10.03s tid=0x00007f8a4c017ea0 nid=0x13b8 waiting on condition  [0x00007f8a52ffe000]
                   java.lang.Thread.State: TIMED_WAITING (sleeping)
                \tat java.lang.Thread.sleep(java.base@17.0.15/Native Method)
                \tat S.main(S.java:1)

                   Locked ownable synchronizers:
                \t- <0x000000069ee5fc88> (a java.util.concurrent.locks.ReentrantLock$NonfairSync)

                "GC Thread#0" os_prio=0 cpu=0.12ms elapsed=3.17s tid=0x00007efc8809f940 nid=0x2934 runnable

                JNI global refs: 6, weak refs: 0
                """;
        ThreadDumpText.Parsed dump = ThreadDumpText.parse(text);
        assertFalse(dump.hasDeadlock());
        assertEquals(2, dump.threads().size());
        ThreadDumpText.JavaThread main = thread(dump, "main");
        assertEquals(List.of("<0x000000069ee5fc88> (a java.util.concurrent.locks.ReentrantLock$NonfairSync)"), main.ownableSynchronizers());
        assertEquals(2, main.stack().size());
    }

    private static ThreadDumpText.JavaThread thread(ThreadDumpText.Parsed dump, String name) {
        return dump.threads().stream().filter(t -> t.name().equals(name)).findFirst().orElseThrow(() -> new AssertionError(name));
    }

    private static String fixture() throws IOException {
        try (InputStream in = ThreadDumpTextTest.class.getResourceAsStream("deadlocked-demo.txt")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
