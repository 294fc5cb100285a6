package dev.jpm.daemon.jvm;

import dev.jpm.daemon.JpmException;
import dev.jpm.protocol.home.DiskFull;
import dev.jpm.protocol.home.PathSafety;
import dev.jpm.protocol.wire.ErrorCode;
import java.io.IOException;
import java.nio.file.NoSuchFileException;

/**
 * Why a JVM operation failed for one instance, as the reply's {@code error} and {@code code}: one
 * instance that cannot be reached must not cost the dumps of the others.
 */
record InstanceFailure(ErrorCode code, String message) {

    static InstanceFailure of(Exception e) {
        if (e instanceof JpmException j) {
            return new InstanceFailure(j.code(), j.getMessage());
        }
        if (e instanceof PathSafety.UnsafePathException) {
            return new InstanceFailure(ErrorCode.UNSAFE_PATH, e.getMessage());
        }
        if (DiskFull.is(e)) {
            return new InstanceFailure(ErrorCode.STORAGE, "the disk is full: " + e.getMessage());
        }
        if (e instanceof NoSuchFileException n && n.getFile() != null && n.getFile().startsWith("/proc/")) {
            return new InstanceFailure(ErrorCode.UNRESPONSIVE, "the instance's process has exited");
        }
        if (e instanceof AttachFailure) {
            return new InstanceFailure(ErrorCode.UNRESPONSIVE, e.getMessage());
        }
        if (e instanceof IOException) {
            return new InstanceFailure(ErrorCode.UNRESPONSIVE, e.toString());
        }
        return new InstanceFailure(ErrorCode.INTERNAL, "the daemon failed: " + e + " (see daemon.log)");
    }
}
