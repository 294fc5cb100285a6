package dev.jpm.cli.monit;

import dev.jpm.cli.monit.KeyBindings.Action;
import dev.jpm.protocol.view.InstanceView;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.jline.keymap.BindingReader;
import org.jline.keymap.KeyMap;
import org.jline.terminal.Attributes;
import org.jline.terminal.Size;
import org.jline.terminal.Terminal;
import org.jline.utils.Display;
import org.jline.utils.InfoCmp.Capability;
import org.jline.utils.NonBlockingReader;

/**
 * The monitor's run: the terminal in raw mode on the alternate screen, a poller asking for rows
 * every second on its own thread, actions (restart, stop) on another so a slow stop never freezes
 * the screen, and this thread reading keys and redrawing through {@link Display}, which sends
 * only what changed. Whatever happens, the terminal is given back as it was.
 */
public final class MonitLoop {
    public static final long REFRESH_MS = 1_000;
    private static final long TICK_MS = 100;
    private static final int LOG_LINES = MonitModel.HISTORY;

    private final Terminal terminal;
    private final MonitSource source;
    private final MonitModel model = new MonitModel();
    private final AtomicReference<List<InstanceView>> fresh = new AtomicReference<>();
    private final AtomicReference<Notice> notice = new AtomicReference<>();
    private final AtomicBoolean resized = new AtomicBoolean();
    private final AtomicBoolean quit = new AtomicBoolean();
    /** Only the poller's thread (and actions, one at a time after it) touch this. */
    private volatile boolean unreachable;
    private final ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor(r -> thread(r, "monit-poll"));
    private final ExecutorService actions = Executors.newSingleThreadExecutor(r -> thread(r, "monit-action"));

    private record Notice(String text, boolean error) {
    }

    public MonitLoop(Terminal terminal, MonitSource source) {
        this.terminal = terminal;
        this.source = source;
    }

    public void run() throws IOException {
        Attributes saved = terminal.enterRawMode();
        Terminal.SignalHandler oldWinch = terminal.handle(Terminal.Signal.WINCH, s -> resized.set(true));
        Terminal.SignalHandler oldInt = terminal.handle(Terminal.Signal.INT, s -> quit.set(true));
        terminal.puts(Capability.enter_ca_mode);
        terminal.puts(Capability.keypad_xmit);
        terminal.puts(Capability.cursor_invisible);
        terminal.flush();
        try {
            poller.scheduleWithFixedDelay(this::poll, 0, REFRESH_MS, TimeUnit.MILLISECONDS);
            loop();
        } finally {
            poller.shutdownNow();
            actions.shutdownNow();
            terminal.handle(Terminal.Signal.WINCH, oldWinch);
            terminal.handle(Terminal.Signal.INT, oldInt);
            terminal.puts(Capability.cursor_visible);
            terminal.puts(Capability.keypad_local);
            terminal.puts(Capability.exit_ca_mode);
            terminal.setAttributes(saved);
            terminal.flush();
        }
    }

    private void loop() throws IOException {
        Display display = new Display(terminal, true);
        Size size = terminal.getSize();
        display.resize(size.getRows(), size.getColumns());
        display.clear();
        NonBlockingReader reader = terminal.reader();
        BindingReader keys = new BindingReader(reader);
        KeyMap<Action> map = KeyBindings.create(terminal);
        boolean dirty = true;
        while (!quit.get()) {
            if (resized.getAndSet(false)) {
                size = terminal.getSize();
                display.clear();
                display.resize(size.getRows(), size.getColumns());
                dirty = true;
            }
            dirty |= takeUpdates();
            if (dirty) {
                // a copy Display may keep and edit: it shifts its old lines when it scrolls
                display.update(new ArrayList<>(MonitScreen.render(model, size.getColumns(), size.getRows())), -1);
                terminal.flush();
                dirty = false;
            }
            int next = keys.peekCharacter(TICK_MS);
            if (next == NonBlockingReader.EOF) {
                return;
            }
            if (next >= 0) {
                act(keys.readBinding(map, null, false));
                dirty = true;
            }
        }
    }

    /** Picks up what the other threads produced; true when the screen must change. */
    private boolean takeUpdates() {
        boolean changed = false;
        List<InstanceView> rows = fresh.getAndSet(null);
        if (rows != null) {
            model.update(rows);
            readLogs();
            changed = true;
        }
        Notice n = notice.getAndSet(null);
        if (n != null) {
            model.message(n.text(), n.error());
            changed = true;
        }
        return changed;
    }

    private void act(Action action) {
        if (action == null) {
            return;
        }
        InstanceView selected = model.selected();
        switch (action) {
            case UP -> model.move(-1);
            case DOWN -> model.move(1);
            case LOGS -> model.toggleLogs();
            case HELP -> model.toggleHelp();
            case CLOSE -> model.closeHelp();
            case QUIT -> quit.set(true);
            case RESTART -> {
                if (selected != null) {
                    model.message("restarting " + label(selected) + "…", false);
                    actions.execute(() -> perform(() -> source.restart(selected.id())));
                }
            }
            case STOP -> {
                if (selected != null) {
                    model.message("stopping " + label(selected) + "…", false);
                    actions.execute(() -> perform(() -> source.stop(selected.id())));
                }
            }
            default -> { }
        }
        if (action == Action.UP || action == Action.DOWN || action == Action.LOGS) {
            readLogs();
        }
    }

    private interface Work {
        String run() throws IOException;
    }

    private void perform(Work work) {
        try {
            notice.set(new Notice(work.run(), false));
        } catch (IOException | RuntimeException e) {
            notice.set(new Notice(e.getMessage(), true));
        }
        poll();
    }

    private synchronized void poll() {
        try {
            fresh.set(source.list());
            if (unreachable) {
                unreachable = false;
                notice.set(new Notice("", false));
            }
        } catch (IOException | RuntimeException e) {
            unreachable = true;
            notice.set(new Notice("cannot reach the daemon: " + e.getMessage() + " (retrying)", true));
        }
    }

    private void readLogs() {
        InstanceView v = model.selected();
        if (!model.logsOpen() || v == null) {
            return;
        }
        List<MonitModel.LogLine> lines = new ArrayList<>();
        LogTail.last(source.logFile(v, false), LOG_LINES).forEach(l -> lines.add(new MonitModel.LogLine(l, false)));
        List<String> errs = LogTail.last(source.logFile(v, true), LOG_LINES / 2);
        while (lines.size() + errs.size() > LOG_LINES && !lines.isEmpty()) {
            lines.remove(0);
        }
        errs.forEach(l -> lines.add(new MonitModel.LogLine(l, true)));
        model.logLines(lines);
    }

    private static String label(InstanceView v) {
        return v.name() + "#" + v.instance() + " (id " + v.id() + ")";
    }

    private static Thread thread(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }
}
