package org.rnnslu.cli.trace;

import java.io.PrintStream;

/**
 * Where the trace goes: plain text (a title line, body lines indented) or Markdown (a heading per
 * section, its body in a code block); and whether every value is shown ({@code --full}).
 */
public final class Report {
    private final PrintStream ps;
    final boolean markdown;
    final boolean full;
    private boolean open;

    public Report(PrintStream ps, boolean markdown, boolean full) {
        this.ps = ps;
        this.markdown = markdown;
        this.full = full;
    }

    /** Starts a section: its title and, if not null, the line of shapes under it. */
    void section(String title, String shapes) {
        close();
        if (markdown) {
            ps.println("### " + title.replace("_", "\\_").replace("*", "\\*"));
            ps.println();
            ps.println("```");
            open = true;
            if (shapes != null) {
                ps.println(shapes);
            }
        } else {
            ps.println();
            ps.println(shapes == null ? title : title + "   " + shapes);
        }
    }

    void line(String s) {
        ps.println(markdown ? s : s.isEmpty() ? "" : "  " + s);
    }

    /** Ends the open code block (Markdown); call it once the last section is written. */
    public void close() {
        if (open) {
            ps.println("```");
            ps.println();
            open = false;
        }
    }
}
