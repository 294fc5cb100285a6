package dev.jpm.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bash launcher's choice of java and of class-data archive, run for real on an installed copy
 * (the launcher and jpm.jar, no sources, so nothing is rebuilt) with a stand-in JDK: a java that
 * records its arguments and runs the real one, beside a release file whose version the test sets.
 */
class LauncherIT {
    @TempDir
    Path root;

    private Path fakeJdk;
    private Path calls;

    @BeforeEach
    void installedCopy() throws IOException {
        Path repo = Path.of("..").toAbsolutePath().normalize();
        Files.createDirectories(root.resolve("cli/target"));
        Files.copy(repo.resolve("jpm"), root.resolve("jpm"));
        Files.copy(repo.resolve("cli/target/jpm.jar"), root.resolve("cli/target/jpm.jar"));
        fakeJdk = Files.createDirectories(root.resolve("jdk/bin")).getParent();
        calls = root.resolve("calls.txt");
        Path realJava = Path.of(System.getProperty("java.home"), "bin", "java");
        Path java = fakeJdk.resolve("bin/java");
        Files.writeString(java, "#!/bin/bash\necho \"$*\" >> " + calls + "\nexec " + realJava + " \"$@\"\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwx------"));
        release("17.0.15");
    }

    private void release(String version) throws IOException {
        Files.writeString(fakeJdk.resolve("release"), "IMPLEMENTOR=\"test\"\nJAVA_VERSION=\"" + version + "\"\n");
    }

    private String jpmVersion() throws Exception {
        Files.deleteIfExists(calls);
        ProcessBuilder builder = new ProcessBuilder(root.resolve("jpm").toString(), "--version").redirectErrorStream(true);
        Map<String, String> env = builder.environment();
        env.put("JPM_JAVA", fakeJdk.resolve("bin/java").toString());
        env.put("JPM_HOME", root.resolve("home").toString());
        Process p = builder.start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the launcher ended");
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("jpm "), out);
        return Files.readString(calls);
    }

    @Test
    void jpmJavaRunsTheCliWithAnArchiveMadeOnceAndAgainWhenTheJdkChanges() throws Exception {
        Path archive = root.resolve("cli/target/jpm-cli.jsa");

        String first = jpmVersion();
        assertTrue(first.contains("-Xshare:dump"), "the archive made on the first run:\n" + first);
        assertTrue(Files.isRegularFile(archive));
        assertTrue(Files.readString(Path.of(archive + ".jdk")).trim().endsWith(" 17.0.15"));
        assertTrue(first.lines().reduce((a, b) -> b).orElseThrow().contains("-XX:SharedArchiveFile=" + archive), first);

        String second = jpmVersion();
        assertFalse(second.contains("-Xshare:dump"), "kept while the JDK is the same:\n" + second);
        assertEquals(1, second.lines().count(), second);

        release("17.0.16"); // the same path, upgraded in place
        String upgraded = jpmVersion();
        assertTrue(upgraded.contains("-Xshare:dump"), "made again for the new JDK:\n" + upgraded);
        assertTrue(Files.readString(Path.of(archive + ".jdk")).trim().endsWith(" 17.0.16"));
    }

    /** A JDK 24+ gets an AOT cache trained in one step on 25 (here the stand-in is 17 underneath: the cache fails and the CLI runs without). */
    @Test
    void aJdkWithAheadOfTimeCachesIsAskedForOne() throws Exception {
        release("25.0.1");
        String calls = jpmVersion();
        List<String> lines = calls.lines().toList();
        assertTrue(lines.get(0).contains("-XX:AOTCacheOutput=" + root.resolve("cli/target/jpm-cli.aot")), calls);
        assertFalse(Files.exists(root.resolve("cli/target/jpm-cli.aot.jdk")), "no cache, no record of one");
        assertFalse(lines.get(lines.size() - 1).contains("-XX:AOTCache="), "not asked to map a cache that is not there: " + calls);
    }
}
