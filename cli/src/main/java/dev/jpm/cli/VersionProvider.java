package dev.jpm.cli;

import dev.jpm.protocol.JpmVersion;
import picocli.CommandLine.IVersionProvider;

/** {@code jpm --version}. */
public final class VersionProvider implements IVersionProvider {
    @Override
    public String[] getVersion() {
        return new String[] {"jpm " + JpmVersion.current(), "java " + System.getProperty("java.version")};
    }
}
