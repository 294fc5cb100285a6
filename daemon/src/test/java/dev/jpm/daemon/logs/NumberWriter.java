package dev.jpm.daemon.logs;

/** A child process for rotation tests: prints 0 to N-1, one a line, as fast as System.out goes. */
public final class NumberWriter {
    private NumberWriter() {
    }

    public static void main(String[] args) {
        int count = Integer.parseInt(args[0]);
        for (int i = 0; i < count; i++) {
            System.out.println(i);
        }
    }
}
