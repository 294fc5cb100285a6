package dev.jpm.protocol.ecosystem;

/** The number-times-unit arithmetic shared by {@link Durations} and {@link Sizes}. */
final class Units {
    private Units() {
    }

    /** {@code digits * unit}, refusing signs, fractions, garbage and overflow with a message that quotes {@code original}. */
    static long scale(String original, String digits, long unit, String what, String forms) {
        String quoted = "'" + original.strip() + "'";
        if (digits.startsWith("-")) {
            throw new IllegalArgumentException(what + " " + quoted + " is negative");
        }
        if (digits.isEmpty() || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException("bad " + what + " " + quoted + ": expected " + forms);
        }
        try {
            return Math.multiplyExact(Long.parseLong(digits), unit);
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException(what + " " + quoted + " is too large");
        }
    }
}
