package io.jsos.collectors.processes;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Where a task waits in the kernel: {@code /proc/<pid>/task/<tid>/wchan} (one symbol) and
 * {@code /proc/<pid>/task/<tid>/stack} (one frame a line, root only). For a thread stuck in D
 * state these two are usually the whole diagnosis (NFS, a dead disk, a hung filesystem).
 */
public final class KernelWait {

    /** "[<0>] " or "[<ffffffffa1b2c3d4>] ": the address, zeroed unless kptr_restrict allows it. */
    private static final Pattern ADDRESS = Pattern.compile("^\\[<[0-9a-fA-Fx]*>\\]\\s*");

    private KernelWait() {
    }

    /** The wait channel symbol, or null when the task is not waiting ("0", empty) or the text is garbage. */
    public static String wchan(String text) {
        if (text == null) {
            return null;
        }
        String t = text.trim();
        if (t.isEmpty() || t.equals("0") || t.contains("\n") || t.length() > 256) {
            return null;
        }
        return t;
    }

    /** The stack frames as symbols ({@code io_schedule+0x12/0x40}), innermost first; addresses dropped. */
    public static List<String> stack(String text) {
        List<String> frames = new ArrayList<>();
        if (text == null) {
            return frames;
        }
        for (String line : text.split("\n")) {
            String frame = ADDRESS.matcher(line.trim()).replaceFirst("").trim();
            if (!frame.isEmpty()) {
                frames.add(frame);
            }
        }
        return frames;
    }
}
