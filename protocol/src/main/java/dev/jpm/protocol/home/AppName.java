package dev.jpm.protocol.home;

import java.util.regex.Pattern;

/**
 * App names become parts of log file names, so they are restricted to a safe alphabet:
 * {@code ../x} or {@code a/b} could otherwise write outside {@code JPM_HOME}.
 */
public final class AppName {
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    private AppName() {
    }

    public static boolean isSafe(String name) {
        return name != null && SAFE.matcher(name).matches() && !name.contains("..") && !"all".equals(name)
                && !name.chars().allMatch(Character::isDigit);
    }

    /** Why a name is refused, for error messages. */
    public static String rule() {
        return "1-64 letters, digits, '.', '_' or '-', starting with a letter or digit, not all digits, not 'all', no '..'";
    }

    /** A name derived from a jar file name: {@code my-app-1.2.jar} becomes {@code my-app-1.2}. */
    public static String fromJarFileName(String fileName) {
        String base = fileName.endsWith(".jar") ? fileName.substring(0, fileName.length() - 4) : fileName;
        String cleaned = base.replaceAll("[^A-Za-z0-9._-]", "-").replaceAll("\\.\\.+", ".");
        if (cleaned.isEmpty() || !Character.isLetterOrDigit(cleaned.charAt(0))) {
            cleaned = "app" + cleaned;
        }
        return cleaned.length() > 64 ? cleaned.substring(0, 64) : cleaned;
    }
}
