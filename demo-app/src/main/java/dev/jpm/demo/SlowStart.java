package dev.jpm.demo;

import java.io.IOException;
import java.net.URI;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A start-up as slow as a big framework's, for jpm's tests of how long a reload waits:
 * {@code DEMO_START_DELAY=40s} (or {@code 40}) holds the server back that long before it binds.
 * Meanwhile it works as Spring Boot does while it starts: it loads classes (the JDK's own, a few
 * dozen every 100 ms, so the JVM's class-loading counter climbs) and burns about a fifth of a
 * core. With {@code DEMO_START_STALL=1} it only sleeps instead: a start that makes no progress.
 */
final class SlowStart {
    private static final long SLICE_MS = 100;
    /** 20 ms of every 100: enough for jpm to see CPU time grow, little enough to leave the box to the load test. */
    private static final long WORK_MS_PER_SLICE = 20;
    /** 30 classes per slice: ~300/s, so a 40 s delay loads ~12,000, about what a Spring Boot web app loads. */
    private static final int CLASSES_PER_SLICE = 30;

    private SlowStart() {
    }

    /** Seconds from {@code DEMO_START_DELAY}; 0 when unset. */
    static long delayMillis(Map<String, String> env) {
        String value = env.get("DEMO_START_DELAY");
        if (value == null || value.isBlank()) {
            return 0;
        }
        String digits = value.trim().endsWith("s") ? value.trim().substring(0, value.trim().length() - 1) : value.trim();
        try {
            return Math.max(0, Long.parseLong(digits)) * 1000;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("DEMO_START_DELAY must be whole seconds such as 40s, got '" + value + "'");
        }
    }

    /** Returns once the delay has passed: working and loading classes, or (stalled) only sleeping. */
    static void await(Map<String, String> env) throws InterruptedException {
        long delay = delayMillis(env);
        if (delay == 0) {
            return;
        }
        System.out.println("demo-app: starting slowly for " + delay / 1000 + " s"
                + ("1".equals(env.get("DEMO_START_STALL")) ? " (stalled: no progress)" : ""));
        System.out.flush();
        if ("1".equals(env.get("DEMO_START_STALL"))) {
            Thread.sleep(delay);
            return;
        }
        long end = System.nanoTime() + delay * 1_000_000;
        try (FileSystem jrt = FileSystems.getFileSystem(URI.create("jrt:/"));
             Stream<Path> files = Files.walk(jrt.getPath("/modules/java.base"))) {
            Iterator<String> classes = files.map(Path::toString).filter(p -> p.endsWith(".class"))
                    .filter(p -> !p.endsWith("module-info.class")).map(SlowStart::className).iterator();
            while (System.nanoTime() < end) {
                for (int n = 0; n < CLASSES_PER_SLICE && classes.hasNext(); n++) {
                    load(classes.next());
                }
                CpuWork.run(System.nanoTime(), WORK_MS_PER_SLICE * CpuWork.ITERATIONS_PER_MS);
                Thread.sleep(Math.max(0, Math.min(SLICE_MS - WORK_MS_PER_SLICE, (end - System.nanoTime()) / 1_000_000)));
            }
        } catch (IOException | UnsupportedOperationException e) {
            // no jrt file system (not expected on a JDK): the delay still passes, working without loading
            while (System.nanoTime() < end) {
                CpuWork.run(System.nanoTime(), WORK_MS_PER_SLICE * CpuWork.ITERATIONS_PER_MS);
                Thread.sleep(SLICE_MS - WORK_MS_PER_SLICE);
            }
        }
    }

    /** "/modules/java.base/java/util/List.class" → "java.util.List". */
    private static String className(String path) {
        String inModule = path.substring("/modules/java.base/".length(), path.length() - ".class".length());
        return inModule.replace('/', '.');
    }

    /** Loads without initialising: no static initialiser of a JDK class runs for a demo's sake. */
    private static void load(String name) {
        try {
            Class.forName(name, false, ClassLoader.getSystemClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            // an internal class the system loader does not see: the next one counts just as well
        }
    }
}
