package org.rnnslu.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A small GNU-style argument parser: {@code --name value}, {@code --name=value}, boolean
 * {@code --flag}, and positional arguments. Every flag must be declared by the command, so a typo is
 * a one-line usage error instead of a silently ignored option.
 */
final class Args {

    private final String command;
    private final Map<String, String> values = new LinkedHashMap<>();
    private final List<String> positionals = new ArrayList<>();

    /**
     * @param valued  flags that take a value
     * @param booleans flags that take none
     */
    Args(String command, String[] argv, Set<String> valued, Set<String> booleans) {
        this.command = command;
        for (int i = 0; i < argv.length; i++) {
            String a = argv[i];
            if (a.equals("--")) {
                for (int j = i + 1; j < argv.length; j++) {
                    positionals.add(argv[j]);
                }
                break;
            }
            if (!a.startsWith("--") || a.length() == 2) {
                positionals.add(a);
                continue;
            }
            String name = a.substring(2);
            String value = null;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            }
            if (booleans.contains(name)) {
                values.put(name, value == null ? "true" : value);
            } else if (valued.contains(name)) {
                if (value == null) {
                    if (i + 1 >= argv.length) {
                        throw new UsageException(command + ": --" + name + " needs a value");
                    }
                    value = argv[++i];
                }
                values.put(name, value);
            } else {
                throw new UsageException(command + ": unknown option --" + name + " (see " + command + " --help)");
            }
        }
    }

    boolean has(String name) {
        return values.containsKey(name);
    }

    String get(String name, String fallback) {
        return values.getOrDefault(name, fallback);
    }

    String require(String name) {
        String v = values.get(name);
        if (v == null) {
            throw new UsageException(command + ": --" + name + " is required (see " + command + " --help)");
        }
        return v;
    }

    boolean flag(String name) {
        String v = values.get(name);
        if (v == null) {
            return false;
        }
        if (v.equals("true") || v.equals("false")) {
            return Boolean.parseBoolean(v);
        }
        throw new UsageException(command + ": --" + name + " takes true or false, got '" + v + "'");
    }

    int intValue(String name, int fallback) {
        long v = longValue(name, fallback);
        if (v != (int) v) {
            throw new UsageException(command + ": --" + name + " is out of range, got '" + values.get(name) + "'");
        }
        return (int) v;
    }

    long longValue(String name, long fallback) {
        String v = values.get(name);
        if (v == null) {
            return fallback;
        }
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw new UsageException(command + ": --" + name + " takes an integer, got '" + v + "'");
        }
    }

    double doubleValue(String name, double fallback) {
        String v = values.get(name);
        if (v == null) {
            return fallback;
        }
        try {
            double d = Double.parseDouble(v.trim());
            if (!Double.isFinite(d)) {
                throw new NumberFormatException();
            }
            return d;
        } catch (NumberFormatException e) {
            throw new UsageException(command + ": --" + name + " takes a number, got '" + v + "'");
        }
    }

    List<String> positionals() {
        return positionals;
    }

    /** The command these flags are for (for messages). */
    String command() {
        return command;
    }
}
