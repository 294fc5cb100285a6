package dev.jpm.cli.monit;

import org.jline.keymap.KeyMap;
import org.jline.terminal.Terminal;
import org.jline.utils.InfoCmp.Capability;

/** The monitor's keys, with the arrow sequences the terminal's terminfo declares (and the common ANSI ones). */
final class KeyBindings {
    enum Action { UP, DOWN, LOGS, RESTART, STOP, HELP, QUIT, CLOSE, NONE }

    private KeyBindings() {
    }

    static KeyMap<Action> create(Terminal terminal) {
        KeyMap<Action> keys = new KeyMap<>();
        keys.setNomatch(Action.NONE);
        keys.setUnicode(Action.NONE);
        keys.bind(Action.UP, "\033[A", "\033OA", "k");
        keys.bind(Action.DOWN, "\033[B", "\033OB", "j");
        bindCapability(keys, terminal, Capability.key_up, Action.UP);
        bindCapability(keys, terminal, Capability.key_down, Action.DOWN);
        keys.bind(Action.LOGS, "l", "L");
        keys.bind(Action.RESTART, "r", "R");
        keys.bind(Action.STOP, "s", "S");
        keys.bind(Action.HELP, "?", "h");
        keys.bind(Action.QUIT, "q", "Q", KeyMap.ctrl('c'), KeyMap.ctrl('d'));
        keys.bind(Action.CLOSE, KeyMap.esc());
        keys.setAmbiguousTimeout(100);
        return keys;
    }

    private static void bindCapability(KeyMap<Action> keys, Terminal terminal, Capability capability, Action action) {
        String sequence = terminal.getStringCapability(capability) == null ? null : KeyMap.key(terminal, capability);
        if (sequence != null && !sequence.isEmpty()) {
            keys.bind(action, sequence);
        }
    }
}
