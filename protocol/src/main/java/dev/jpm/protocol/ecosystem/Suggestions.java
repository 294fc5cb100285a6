package dev.jpm.protocol.ecosystem;

import java.util.Collection;
import java.util.Optional;

/** "Did you mean": the nearest of a few valid words to a misspelt one, by Damerau-Levenshtein distance. */
final class Suggestions {
    /** Longer words are no typo of a key; the distance table would only cost memory. */
    private static final int MAX_WORD = 64;

    private Suggestions() {
    }

    /** The closest candidate, if it is close enough to be the likely intent (at most max(2, length/3) edits). */
    static Optional<String> nearest(String word, Collection<String> candidates) {
        if (word.length() > MAX_WORD) {
            return Optional.empty();
        }
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : candidates) {
            int d = distance(word, candidate);
            if (d < bestDistance) {
                best = candidate;
                bestDistance = d;
            }
        }
        int allowed = Math.max(2, word.length() / 3);
        return best != null && bestDistance <= allowed && bestDistance < Math.max(word.length(), best.length())
                ? Optional.of(best) : Optional.empty();
    }

    /** {@code " (did you mean 'x'?)"} or nothing. */
    static String didYouMean(String word, Collection<String> candidates) {
        return nearest(word, candidates).map(s -> " (did you mean '" + s + "'?)").orElse("");
    }

    /** Edits (insert, delete, substitute, swap two neighbours) from a to b; the "optimal string alignment" form. */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                int v = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    v = Math.min(v, d[i - 2][j - 2] + 1);
                }
                d[i][j] = v;
            }
        }
        return d[a.length()][b.length()];
    }
}
