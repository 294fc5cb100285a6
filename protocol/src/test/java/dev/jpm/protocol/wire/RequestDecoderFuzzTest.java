package dev.jpm.protocol.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.code_intelligence.jazzer.mutation.annotation.NotNull;
import com.code_intelligence.jazzer.mutation.annotation.WithUtf8Length;
import org.junit.jupiter.api.Timeout;

/**
 * The daemon decodes whatever a local process writes to its socket: any line either becomes a
 * request or is refused with a {@link JsonException} (a {@link ProtocolException} when it was
 * JSON but no request). Anything else thrown here would reach the connection's catch-all instead
 * of an error reply. A request that decodes must also encode back to itself, so what the daemon
 * acts on is what the sender meant.
 *
 * <p>{@code mvn verify} replays the seeds in {@code RequestDecoderFuzzTestInputs/} and fuzzes for
 * {@link FuzzRuns#SHORT} in the {@code fuzz} execution; see the README for a longer run. The
 * timeout is per input: a line that takes seconds to decode is a hang worth reporting.
 */
class RequestDecoderFuzzTest {
    @FuzzTest(maxDuration = FuzzRuns.SHORT)
    @Timeout(FuzzRuns.HANG_SECONDS)
    @DictionaryEntries({"\"id\":", "\"cmd\":", "\"hello\"", "\"start\"", "\"scale\"", "\"logs\"", "\"stop\"",
            "\"apps\":[{", "\"name\":", "\"jar\":", "\"env\":{", "\"restart\":{", "\"cluster\":{", "\"logs\":{",
            "\"instances\":", "\"lines\":", "1e309", "-0", "9223372036854775808", "null", "true"})
    void decodeRequest(@NotNull @WithUtf8Length(max = 8192) String line) {
        Protocol.Incoming incoming;
        try {
            incoming = Protocol.decodeRequest(line);
        } catch (JsonException refused) {
            return;
        }
        String again = Protocol.encodeRequest(incoming.id(), incoming.request());
        assertEquals(incoming, Protocol.decodeRequest(again), again);
    }

    /** The CLI's side: a line from a daemon (or from whatever answers on the socket). */
    @FuzzTest(maxDuration = FuzzRuns.SHORT)
    @Timeout(FuzzRuns.HANG_SECONDS)
    @DictionaryEntries({"\"event\":", "\"ok\":", "\"error\":{", "\"code\":", "\"data\":", "\"line\":"})
    void decodeServerLine(@NotNull @WithUtf8Length(max = 8192) String line) {
        try {
            Protocol.decodeServerLine(line, Requests.resultTypeOf(new Request.ListInstances()));
        } catch (JsonException refused) {
            // the documented refusal
        }
    }
}
