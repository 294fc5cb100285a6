package dev.jpm.daemon;

import dev.jpm.daemon.supervisor.ModelSnapshot;
import dev.jpm.daemon.supervisor.Supervisor;
import dev.jpm.protocol.view.InstanceStatus;
import dev.jpm.protocol.wire.ExitCode;
import java.util.function.IntConsumer;

/**
 * {@code --exit-when-errored}, for {@code jpm run}: once every instance has ended errored (the
 * restart policy gave up on each), nothing is left to run, and the container's supervisor should
 * hear it as a failure and apply its own restart policy. The daemon exits with
 * {@link ExitCode#LAUNCH_FAILED}. An instance stopped on purpose is not errored, so an app that
 * is stopped (or deleted) from another terminal never ends the run.
 */
final class ErroredExit {
    private ErroredExit() {
    }

    /** Calls {@code exit} with the status, off the supervisor's thread, the first time every instance is errored. */
    static void arm(Supervisor supervisor, IntConsumer exit) {
        supervisor.reader().when(ErroredExit::everyInstanceErrored).thenAcceptAsync(model -> {
            Log.warn("every instance of " + model.apps().size() + " app(s) is errored: stopping, then exiting with status "
                    + ExitCode.LAUNCH_FAILED.number());
            exit.accept(ExitCode.LAUNCH_FAILED.number());
        }, work -> new Thread(work, "errored-exit").start()); // the stop waits on instances: not on the supervisor's thread
    }

    static boolean everyInstanceErrored(ModelSnapshot model) {
        return !model.instances().isEmpty() && model.instances().stream().allMatch(i -> i.status() == InstanceStatus.ERRORED);
    }
}
