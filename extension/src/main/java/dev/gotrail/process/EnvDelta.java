package dev.gotrail.process;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Changes to an environment: variables to set and variables to unset, immutable and ordered. The
 * one home of "environment changes" in gotrail: {@link CommandSpec} (relative to this JVM's
 * environment), {@code GoCommand.env(..)}, {@code @TraceGoCommand(env)}, toolchain discovery's
 * {@code GOTOOLCHAIN=local} run and the evidence's {@code commands.txt} all speak it.
 *
 * <p>Order rule: the last change of a variable wins ({@code set(K, v).unset(K)} unsets K,
 * {@code unset(K).set(K, v)} sets it); each variable appears once, at the position of its last
 * change. Applying a delta is idempotent: {@code d.apply(d.apply(env)).equals(d.apply(env))}.
 *
 * <p>Two spellings:
 * <ul>
 * <li>{@link #parse}/{@link #format}: the {@code @TraceGoCommand(env)} entries, {@code KEY=VALUE}
 * sets and {@code KEY=} unsets. A variable set to the empty string has no spelling there (in that
 * notation {@code KEY=} unsets), so {@link #format} refuses it;</li>
 * <li>{@link #toString()}: {@code env(1)}'s command-line form for humans and evidence, e.g.
 * {@code -u GOROOT GOFLAGS=-mod=mod NAME='a b'}, which spells every delta (an empty value is
 * {@code KEY=}, as env(1) reads it).</li>
 * </ul>
 */
public final class EnvDelta {

    private static final EnvDelta NONE = new EnvDelta(new LinkedHashMap<>());

    /** Variable name to its new value; a null value means "unset". Insertion order = order of last change. */
    private final LinkedHashMap<String, String> changes;

    private EnvDelta(LinkedHashMap<String, String> changes) {
        this.changes = changes;
    }

    /** No changes. */
    public static EnvDelta none() {
        return NONE;
    }

    /**
     * Parses {@code @TraceGoCommand(env)} entries: {@code KEY=VALUE} sets KEY (the value may hold
     * further {@code =}), {@code KEY=} unsets it; later entries win.
     *
     * @throws IllegalArgumentException naming the entry and its position when it has no {@code =},
     *         an empty name, or a NUL character (execve cannot pass those)
     */
    public static EnvDelta parse(List<String> entries) {
        EnvDelta delta = NONE;
        for (int i = 0; i < entries.size(); i++) {
            String entry = Objects.requireNonNull(entries.get(i), "entry " + i);
            int eq = entry.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("entry " + (i + 1) + " is '" + entry + "'; write KEY=VALUE to set a variable or KEY= to unset it");
            }
            String key = entry.substring(0, eq);
            String value = entry.substring(eq + 1);
            try {
                delta = value.isEmpty() ? delta.unset(key) : delta.set(key, value);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("entry " + (i + 1) + " is '" + entry + "': " + e.getMessage(), e);
            }
        }
        return delta;
    }

    /** {@link #parse(List)} of the given entries. */
    public static EnvDelta parse(String... entries) {
        return parse(List.of(entries));
    }

    /**
     * The delta that turns {@code from} into {@code to}: unsets (sorted by name) of the variables
     * only {@code from} has, then sets of the variables {@code to} adds or changes, in {@code to}'s
     * order. {@code between(from, to).apply(from).equals(to)}.
     */
    public static EnvDelta between(Map<String, String> from, Map<String, String> to) {
        LinkedHashMap<String, String> changes = new LinkedHashMap<>();
        for (String gone : new TreeSet<>(from.keySet())) {
            if (!to.containsKey(gone)) {
                changes.put(checkName(gone), null);
            }
        }
        to.forEach((k, v) -> {
            if (!Objects.equals(from.get(k), v) || !from.containsKey(k)) {
                changes.put(checkName(k), checkValue(k, v));
            }
        });
        return changes.isEmpty() ? NONE : new EnvDelta(changes);
    }

    /** This delta, then {@code key=value} (an empty value sets the variable to the empty string). */
    public EnvDelta set(String key, String value) {
        return with(checkName(key), checkValue(key, value));
    }

    /** This delta, then each entry of {@code more} set, in its order. */
    public EnvDelta setAll(Map<String, String> more) {
        EnvDelta d = this;
        for (Map.Entry<String, String> e : more.entrySet()) {
            d = d.set(e.getKey(), e.getValue());
        }
        return d;
    }

    /** This delta, then {@code key} removed. */
    public EnvDelta unset(String key) {
        return with(checkName(key), null);
    }

    /** This delta followed by {@code later}: {@code a.then(b).apply(env) == b.apply(a.apply(env))}. */
    public EnvDelta then(EnvDelta later) {
        if (later.changes.isEmpty()) {
            return this;
        }
        LinkedHashMap<String, String> merged = new LinkedHashMap<>(changes);
        later.changes.forEach((k, v) -> {
            merged.remove(k);
            merged.put(k, v);
        });
        return new EnvDelta(merged);
    }

    /** A new map: {@code base} (its order kept) with the unsets removed and the sets put. */
    public Map<String, String> apply(Map<String, String> base) {
        Map<String, String> env = new LinkedHashMap<>(base);
        changes.forEach((k, v) -> {
            if (v == null) {
                env.remove(k);
            } else {
                env.put(k, v);
            }
        });
        return env;
    }

    /** The variables set, with their values, in order of their last change. */
    public Map<String, String> sets() {
        Map<String, String> sets = new LinkedHashMap<>();
        changes.forEach((k, v) -> {
            if (v != null) {
                sets.put(k, v);
            }
        });
        return Collections.unmodifiableMap(sets);
    }

    /** The variables unset, in order of their last change. */
    public Set<String> unsets() {
        Set<String> unsets = new LinkedHashSet<>();
        changes.forEach((k, v) -> {
            if (v == null) {
                unsets.add(k);
            }
        });
        return Collections.unmodifiableSet(unsets);
    }

    /** True when this delta changes nothing. */
    public boolean isEmpty() {
        return changes.isEmpty();
    }

    /**
     * The {@code @TraceGoCommand(env)} entries of this delta, in order: {@code KEY=VALUE} per set,
     * {@code KEY=} per unset; {@code parse(d.format()).equals(d)}.
     *
     * @throws IllegalStateException when a variable is set to the empty string, which that notation
     *         cannot spell ({@code KEY=} means unset there); {@link #toString()} can
     */
    public List<String> format() {
        List<String> entries = new ArrayList<>();
        changes.forEach((k, v) -> {
            if (v != null && v.isEmpty()) {
                throw new IllegalStateException(k + " is set to the empty string, which has no KEY=VALUE entry"
                        + " (KEY= unsets); see toString() for a spelling that has one");
            }
            entries.add(k + "=" + (v == null ? "" : v));
        });
        return entries;
    }

    /**
     * The delta as {@code env(1)} arguments: {@code -u KEY} per unset, {@code KEY=VALUE} per set,
     * in order, single-quoted where a POSIX shell needs it; {@code (no changes)} when empty.
     */
    @Override
    public String toString() {
        if (changes.isEmpty()) {
            return "(no changes)";
        }
        StringBuilder sb = new StringBuilder();
        changes.forEach((k, v) -> {
            if (sb.length() > 0) {
                sb.append(' ');
            }
            // The value is quoted on its own (NAME='a b'), so that a reader, and the evidence
            // redactor's NAME=value rule, sees the whole value.
            sb.append(v == null ? "-u " + quoted(k) : quoted(k) + "=" + (v.isEmpty() ? "" : quoted(v)));
        });
        return sb.toString();
    }

    @Override
    public boolean equals(Object o) {
        // Order-sensitive: two deltas are equal when they list the same changes in the same order.
        return o instanceof EnvDelta d && new ArrayList<>(changes.entrySet()).equals(new ArrayList<>(d.changes.entrySet()));
    }

    @Override
    public int hashCode() {
        return new ArrayList<>(changes.entrySet()).hashCode();
    }

    private EnvDelta with(String key, String valueOrNull) {
        LinkedHashMap<String, String> next = new LinkedHashMap<>(changes);
        next.remove(key); // re-inserted at the end: the position of the last change
        next.put(key, valueOrNull);
        return new EnvDelta(next);
    }

    private static String checkName(String key) {
        Objects.requireNonNull(key, "environment variable name");
        if (key.isEmpty() || key.indexOf('=') >= 0 || key.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("invalid environment variable name '" + key + "'");
        }
        return key;
    }

    private static String checkValue(String key, String value) {
        Objects.requireNonNull(value, () -> "value of " + key);
        if (value.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("the value of " + key + " contains a NUL character");
        }
        return value;
    }

    private static String quoted(String word) {
        return !word.isEmpty() && word.matches("[A-Za-z0-9_./=:,@%+-]+") ? word : "'" + word.replace("'", "'\\''") + "'";
    }
}
