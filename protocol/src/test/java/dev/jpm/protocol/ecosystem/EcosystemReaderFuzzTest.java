package dev.jpm.protocol.ecosystem;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.code_intelligence.jazzer.mutation.annotation.NotNull;
import com.code_intelligence.jazzer.mutation.annotation.WithUtf8Length;
import dev.jpm.protocol.wire.FuzzRuns;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Timeout;

/**
 * Any text given as an ecosystem file is either read or refused with an {@link EcosystemException}
 * that points at the problem; nothing else escapes (a stack trace for a typo is the failure this
 * catches), and the reader's limits on size, depth and aliases keep every input fast and small.
 */
class EcosystemReaderFuzzTest {
    /** One folder for the whole run, with the jar the seeds name, so inputs can reach past the jar check. */
    private static final Path FOLDER = folderWithJar();

    @FuzzTest(maxDuration = FuzzRuns.SHORT)
    @Timeout(FuzzRuns.HANG_SECONDS)
    // libFuzzer's dictionary format has no newline, so the entries are the pieces of a line
    @DictionaryEntries({"apps:", "- name: ", "jar: app.jar", "instances: ", "env:", "env_prod:", "args: [",
            "jvm_args: ", "autorestart: ", "max_restarts: ", "min_uptime: ", "restart_delay: ",
            "exp_backoff_restart_delay: ", "max_memory_restart: ", "kill_timeout: ", "port: ", "host: ",
            "strategy: least_conn", "health_path: /", "listen_timeout: ", "log_max_size: ", "log_retain: ",
            "out_file: ", "err_file: /dev/null", "log_date_format: ", "${INSTANCE_ID}", "yyyy-MM-dd HH:mm:ss", "&a ", "*a", "<<: ", "!!binary ", "!!str ", "10M", "5s", "500ms", "1.5G", "-1", "0x1F", ".inf", "~"})
    void readsOrRefuses(@NotNull @WithUtf8Length(max = 16384) String yaml) {
        try {
            EcosystemReader.parse(yaml, FOLDER.resolve("ecosystem.yaml"), null, "/usr/bin/java");
        } catch (EcosystemException refused) {
            // the documented refusal
        }
    }

    private static Path folderWithJar() {
        try {
            Path folder = Files.createTempDirectory("jpm-ecosystem-fuzz");
            Files.writeString(folder.resolve("app.jar"), "");
            folder.toFile().deleteOnExit();
            folder.resolve("app.jar").toFile().deleteOnExit();
            return folder;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
