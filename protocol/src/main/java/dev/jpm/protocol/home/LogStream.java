package dev.jpm.protocol.home;

/** The two output streams of an instance, each appended to its own file. */
public enum LogStream {
    OUT("out"),
    ERR("err");

    private final String suffix;

    LogStream(String suffix) {
        this.suffix = suffix;
    }

    public String suffix() {
        return suffix;
    }
}
