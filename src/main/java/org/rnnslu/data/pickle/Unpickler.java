package org.rnnslu.data.pickle;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A minimal pickle virtual machine for data, not objects: protocols 2 to 5, the opcodes that lists,
 * tuples, dicts, ints, booleans, None, strings and bytes need, and exactly four callables, the ones
 * numpy's integer arrays are pickled with ({@code numpy.core.multiarray._reconstruct} with
 * {@code numpy.ndarray}, {@code numpy.dtype}, {@code _codecs.encode} for Python 3's protocol-2 bytes,
 * {@code numpy.core.numeric._frombuffer} for protocol 5). Nothing is imported or run: a global is a
 * name compared with that list. Anything else, a truncation, or a length that claims more than the
 * input holds is a {@link PickleException} naming the opcode and its byte offset.
 *
 * <p>Values: Long, Boolean, {@link PyNone}, String (unicode; Python 2's str, read as latin-1, where
 * a key or text is expected), byte[] (bytes), ArrayList (list), {@link Tuple}, LinkedHashMap with
 * String, Long or Boolean keys (dict), {@link NdArray}. The VM keeps no recursion: work and memory are
 * linear in the input's length (an int8 array's longs are at most 8 times its bytes).
 */
public final class Unpickler {

    /** A name a GLOBAL opcode resolved to: only these exist. */
    private enum Callable { RECONSTRUCT, NDARRAY, DTYPE, ENCODE, FROMBUFFER }

    /** numpy's dtype while its BUILD has not set the byte order yet. */
    private static final class Dtype {
        final String type; // "i4"
        char order = '<';

        Dtype(String type) {
            this.type = type;
        }

        int size() {
            return type.charAt(1) - '0';
        }
    }

    private static final Object MARK = new Object();

    private final byte[] in;
    private int pos;
    private int opAt; // the offset of the opcode being run
    private final ArrayList<Object> stack = new ArrayList<>();
    private int[] marks = new int[16]; // stack sizes at each open MARK
    private int markCount;
    private final Map<Long, Object> memo = new HashMap<>();

    private Unpickler(byte[] in) {
        this.in = in;
    }

    /** The object the pickle holds. */
    public static Object load(byte[] pickle) {
        return new Unpickler(pickle).run();
    }

    private Object run() {
        while (true) {
            if (pos >= in.length) {
                throw fail("truncated: no STOP opcode before the end (" + in.length + " bytes)");
            }
            opAt = pos;
            int op = in[pos++] & 0xFF;
            if (op == '.') {
                if (stack.size() != 1 || markCount > 0) {
                    throw fail("STOP with " + stack.size() + " values on the stack (1 expected)");
                }
                return stack.get(0);
            }
            step(op);
        }
    }

    private void step(int op) {
        switch (op) {
            case 0x80: protocol(); break;                          // PROTO
            case 0x95: bytes(8); break;                            // FRAME: a length hint, no meaning
            case '(': mark(); break;                               // MARK
            case 'N': push(PyNone.NONE); break;
            case 0x88: push(Boolean.TRUE); break;                  // NEWTRUE
            case 0x89: push(Boolean.FALSE); break;                 // NEWFALSE
            case 'J': push((long) le(4)); break;                   // BININT: signed 4 bytes
            case 'K': push((long) (u8())); break;                  // BININT1
            case 'M': push((long) (u8() | u8() << 8)); break;       // BININT2
            case 0x8a: push(long1()); break;                       // LONG1
            case 'X': push(utf8(length(4))); break;                // BINUNICODE
            case 0x8c: push(utf8(u8())); break;                    // SHORT_BINUNICODE
            case 0x8d: push(utf8(length(8))); break;               // BINUNICODE8
            case 'U': push(bytes(u8())); break;                    // SHORT_BINSTRING (Python 2 str)
            case 'T': push(bytes(length(4))); break;               // BINSTRING
            case 'C': push(bytes(u8())); break;                    // SHORT_BINBYTES
            case 'B': push(bytes(length(4))); break;               // BINBYTES
            case 0x8e: push(bytes(length(8))); break;              // BINBYTES8
            case 0x96: push(bytes(length(8))); break;              // BYTEARRAY8
            case ']': push(new ArrayList<>(0)); break;             // EMPTY_LIST (grows as it is filled)
            case ')': push(new Tuple(List.of())); break;           // EMPTY_TUPLE
            case '}': push(new LinkedHashMap<>()); break;          // EMPTY_DICT
            case 'l': push(new ArrayList<>(popMark())); break;     // LIST
            case 't': push(new Tuple(popMark())); break;           // TUPLE
            case 'd': push(dict(popMark())); break;                // DICT
            case 0x85: push(new Tuple(List.of(pop()))); break;     // TUPLE1
            case 0x86: tuple2(); break;                            // TUPLE2
            case 0x87: tuple3(); break;                            // TUPLE3
            case 'a': appendOne(); break;                          // APPEND
            case 'e': append(popMark()); break;                    // APPENDS
            case 's': setItem(); break;                            // SETITEM
            case 'u': setItems(popMark()); break;                  // SETITEMS
            case 'q': memo.put((long) u8(), top()); break;         // BINPUT
            case 'r': memo.put(le(4) & 0xFFFFFFFFL, top()); break; // LONG_BINPUT
            case 0x94: memo.put((long) memo.size(), top()); break; // MEMOIZE
            case 'h': push(memoGet(u8())); break;                  // BINGET
            case 'j': push(memoGet(le(4) & 0xFFFFFFFFL)); break;   // LONG_BINGET
            case 'c': push(global(line(), line())); break;         // GLOBAL
            case 0x93: stackGlobal(); break;                       // STACK_GLOBAL
            case 'R': reduce(); break;                             // REDUCE
            case 'b': build(); break;                              // BUILD
            default:
                throw fail("opcode " + describe(op) + " is not one this reader accepts (protocols 2-5, data only)");
        }
    }

    private static String describe(int op) {
        return String.format("0x%02x", op) + (op >= 0x21 && op < 0x7f ? " '" + (char) op + "'" : "");
    }

    private PickleException fail(String why) {
        return new PickleException(why + " at byte " + opAt);
    }

    // --- reading the input ---

    private int u8() {
        need(1);
        return in[pos++] & 0xFF;
    }

    private void need(long n) {
        if (n > in.length - pos) {
            throw fail("truncated: " + n + " bytes needed, " + (in.length - pos) + " left");
        }
    }

    /** A little-endian integer of n bytes (4: signed int; 8: must fit in a long). */
    private long le(int n) {
        need(n);
        long v = 0;
        for (int i = 0; i < n; i++) {
            v |= (long) (in[pos + i] & 0xFF) << (8 * i);
        }
        pos += n;
        return n == 4 ? (int) v : v;
    }

    /** A length field; a claim beyond what is left is an error before anything is allocated. */
    private int length(int n) {
        long len = n == 4 ? le(4) & 0xFFFFFFFFL : le(8);
        if (len < 0 || len > in.length - pos) {
            throw fail("a length of " + Long.toUnsignedString(len) + " bytes, " + (in.length - pos) + " left");
        }
        return (int) len;
    }

    private byte[] bytes(int n) {
        need(n);
        byte[] b = java.util.Arrays.copyOfRange(in, pos, pos + n);
        pos += n;
        return b;
    }

    private String utf8(int n) {
        byte[] b = bytes(n);
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b)).toString();
        } catch (CharacterCodingException e) {
            throw fail("a unicode string that is not UTF-8");
        }
    }

    /** A GLOBAL's module or name: printable ASCII up to a newline, at most 200 characters. */
    private String line() {
        int start = pos;
        while (pos < in.length && in[pos] != '\n') {
            if (in[pos] < 0x21 || in[pos] > 0x7e || pos - start >= 200) {
                throw fail("a GLOBAL name that is not a short printable line");
            }
            pos++;
        }
        if (pos >= in.length) {
            throw fail("truncated: a GLOBAL name without its newline");
        }
        String s = new String(in, start, pos - start, StandardCharsets.US_ASCII);
        pos++;
        return s;
    }

    private void protocol() {
        int v = u8();
        if (v < 2 || v > 5) {
            throw fail("pickle protocol " + v + " (this reader takes 2 to 5)");
        }
    }

    private Long long1() {
        int n = u8();
        if (n > 8) {
            throw fail("LONG1 of " + n + " bytes (at most 8: a 64-bit integer)");
        }
        need(n);
        long v = 0;
        for (int i = 0; i < n; i++) {
            v |= (long) (in[pos + i] & 0xFF) << (8 * i);
        }
        if (n > 0 && n < 8 && (in[pos + n - 1] & 0x80) != 0) {
            v -= 1L << (8 * n); // two's complement of n bytes
        }
        pos += n;
        return v;
    }

    // --- the stack ---

    private void push(Object v) {
        stack.add(v);
    }

    private Object top() {
        if (stack.isEmpty() || stack.get(stack.size() - 1) == MARK) {
            throw fail("a memo store with no value on the stack");
        }
        return stack.get(stack.size() - 1);
    }

    private Object memoGet(long key) {
        Object v = memo.get(key);
        if (v == null) {
            throw fail("memo entry " + key + " was never stored");
        }
        return v;
    }

    private void mark() {
        if (markCount == marks.length) {
            marks = java.util.Arrays.copyOf(marks, 2 * marks.length);
        }
        marks[markCount++] = stack.size();
        stack.add(MARK);
    }

    /** The values above the last MARK, which is removed. */
    private List<Object> popMark() {
        if (markCount == 0) {
            throw fail("no MARK to end");
        }
        int at = marks[--markCount];
        List<Object> items = new ArrayList<>(stack.subList(at + 1, stack.size()));
        stack.subList(at, stack.size()).clear();
        return items;
    }

    /** The top value, removed; not across a MARK. */
    private Object pop() {
        int last = stack.size() - 1;
        if (last < 0 || (markCount > 0 && last <= marks[markCount - 1])) {
            throw fail("a value is needed on the stack");
        }
        return stack.remove(last);
    }

    /** The top value, left there; not across a MARK. */
    private Object peek() {
        Object v = pop();
        stack.add(v);
        return v;
    }

    private void tuple2() {
        Object b = pop();
        Object a = pop();
        push(new Tuple(List.of(a, b)));
    }

    private void tuple3() {
        Object c = pop();
        Object b = pop();
        Object a = pop();
        push(new Tuple(List.of(a, b, c)));
    }

    @SuppressWarnings("unchecked")
    private void appendOne() {
        Object v = pop();
        Object target = peek();
        if (!(target instanceof ArrayList)) {
            throw fail("APPEND to a " + typeName(target));
        }
        ((ArrayList<Object>) target).add(v);
    }

    @SuppressWarnings("unchecked")
    private void append(List<Object> items) {
        Object target = peek();
        if (!(target instanceof ArrayList)) {
            throw fail("APPEND to a " + typeName(target));
        }
        ((ArrayList<Object>) target).addAll(items);
    }

    private void setItem() {
        Object v = pop();
        Object k = pop();
        setItems(List.of(k, v));
    }

    @SuppressWarnings("unchecked")
    private void setItems(List<Object> kv) {
        Object target = peek();
        if (!(target instanceof LinkedHashMap)) {
            throw fail("SETITEM on a " + typeName(target));
        }
        putAll((LinkedHashMap<Object, Object>) target, kv);
    }

    private LinkedHashMap<Object, Object> dict(List<Object> kv) {
        LinkedHashMap<Object, Object> d = new LinkedHashMap<>();
        putAll(d, kv);
        return d;
    }

    /** Keys are strings, ints or booleans (Python 2 str keys become latin-1 strings). */
    private void putAll(LinkedHashMap<Object, Object> d, List<Object> kv) {
        if (kv.size() % 2 != 0) {
            throw fail("a dict with an odd number of keys and values");
        }
        for (int i = 0; i < kv.size(); i += 2) {
            Object k = kv.get(i);
            if (k instanceof byte[]) {
                k = new String((byte[]) k, StandardCharsets.ISO_8859_1);
            }
            if (!(k instanceof String || k instanceof Long || k instanceof Boolean)) {
                throw fail("a dict key of type " + typeName(k));
            }
            d.put(k, kv.get(i + 1));
        }
    }

    /** A str: Python 3's unicode, or Python 2's str (bytes) read as latin-1; null for anything else. */
    private static String text(Object v) {
        if (v instanceof String) {
            return (String) v;
        }
        return v instanceof byte[] ? new String((byte[]) v, StandardCharsets.ISO_8859_1) : null;
    }

    static String typeName(Object v) {
        if (v == MARK) {
            return "MARK";
        }
        if (v instanceof ArrayList) {
            return "list";
        }
        if (v instanceof Map) {
            return "dict";
        }
        if (v instanceof Callable) {
            return "global";
        }
        if (v instanceof byte[]) {
            return "bytes";
        }
        return v == null ? "nothing" : v.getClass().getSimpleName();
    }

    // --- the four callables ---

    private Callable global(String module, String name) {
        switch (module + " " + name) {
            case "numpy.core.multiarray _reconstruct":
            case "numpy._core.multiarray _reconstruct":
                return Callable.RECONSTRUCT;
            case "numpy ndarray":
                return Callable.NDARRAY;
            case "numpy dtype":
                return Callable.DTYPE;
            case "_codecs encode":
                return Callable.ENCODE;
            case "numpy.core.numeric _frombuffer":
            case "numpy._core.numeric _frombuffer":
                return Callable.FROMBUFFER;
            default:
                throw fail("global '" + module + " " + name + "' is not one this reader accepts (numpy integer arrays only)");
        }
    }

    private void stackGlobal() {
        Object n = pop();
        Object m = pop();
        if (!(m instanceof String) || !(n instanceof String)) {
            throw fail("STACK_GLOBAL of a " + typeName(m) + " and a " + typeName(n));
        }
        String module = (String) m;
        String name = (String) n;
        if (module.length() > 200 || name.length() > 200) {
            throw fail("a STACK_GLOBAL name longer than 200 characters");
        }
        push(global(module, name));
    }

    private void reduce() {
        Object a = pop();
        Object f = pop();
        if (!(f instanceof Callable) || !(a instanceof Tuple)) {
            throw fail("REDUCE of a " + typeName(f) + " with a " + typeName(a));
        }
        List<Object> args = ((Tuple) a).items();
        switch ((Callable) f) {
            case RECONSTRUCT:
                if (args.size() != 3 || args.get(0) != Callable.NDARRAY) {
                    throw fail("_reconstruct of something other than numpy.ndarray");
                }
                push(new NdArray());
                break;
            case DTYPE:
                push(dtype(args));
                break;
            case ENCODE:
                push(encode(args));
                break;
            case FROMBUFFER:
                push(fromBuffer(args));
                break;
            default:
                throw fail("REDUCE of numpy.ndarray itself");
        }
    }

    private Dtype dtype(List<Object> args) {
        String t = args.isEmpty() ? null : text(args.get(0));
        if (t == null) {
            throw fail("numpy.dtype without a type string");
        }
        if (!t.matches("i[1248]|u[124]")) {
            throw fail("numpy dtype '" + t + "' (integer arrays only: i1, i2, i4, i8, u1, u2, u4)");
        }
        return new Dtype(t);
    }

    /** _codecs.encode(text, 'latin1'): how Python 3 pickles bytes at protocol 2. */
    private byte[] encode(List<Object> args) {
        if (args.size() != 2 || !(args.get(0) instanceof String) || !("latin1".equals(text(args.get(1))) || "latin-1".equals(text(args.get(1))))) {
            throw fail("_codecs.encode other than (text, 'latin1')");
        }
        String s = (String) args.get(0);
        byte[] b = new byte[s.length()];
        for (int i = 0; i < b.length; i++) {
            char c = s.charAt(i);
            if (c > 0xFF) {
                throw fail("_codecs.encode of a character beyond latin-1");
            }
            b[i] = (byte) c;
        }
        return b;
    }

    /** _frombuffer(data, dtype, shape, order): protocol 5's in-band array. */
    private NdArray fromBuffer(List<Object> args) {
        if (args.size() != 4 || !(args.get(0) instanceof byte[]) || !(args.get(1) instanceof Dtype)
                || !(args.get(2) instanceof Tuple)) {
            throw fail("_frombuffer other than (bytes, dtype, shape, order)");
        }
        Dtype dt = (Dtype) args.get(1);
        return new NdArray(dt.type, elements((byte[]) args.get(0), dt, length((Tuple) args.get(2))));
    }

    private void build() {
        Object st = pop();
        Object target = peek();
        if (!(st instanceof Tuple)) {
            throw fail("BUILD with a " + typeName(st) + " state");
        }
        List<Object> state = ((Tuple) st).items();
        if (target instanceof Dtype) {
            String endian = state.size() < 2 ? null : text(state.get(1));
            if (endian == null || endian.length() != 1 || "<>|=".indexOf(endian.charAt(0)) < 0) {
                throw fail("a numpy dtype state without a byte order");
            }
            char order = endian.charAt(0);
            ((Dtype) target).order = order == '>' ? '>' : '<';
        } else if (target instanceof NdArray && !((NdArray) target).built()) {
            // (version, shape, dtype, is_fortran, raw bytes)
            if (state.size() != 5 || !(state.get(1) instanceof Tuple) || !(state.get(2) instanceof Dtype)
                    || !(state.get(4) instanceof byte[])) {
                throw fail("an ndarray state other than (version, shape, dtype, fortran, bytes)");
            }
            Dtype dt = (Dtype) state.get(2);
            ((NdArray) target).set(dt.type, elements((byte[]) state.get(4), dt, length((Tuple) state.get(1))));
        } else {
            throw fail("BUILD of a " + typeName(target));
        }
    }

    /** A one-dimensional shape (n,). */
    private int length(Tuple shape) {
        if (shape.items().size() != 1 || !(shape.items().get(0) instanceof Long)) {
            throw fail("an array shape of " + shape.items().size() + " dimensions (one expected)");
        }
        long n = (Long) shape.items().get(0);
        if (n < 0 || n > Integer.MAX_VALUE) {
            throw fail("an array of " + n + " elements");
        }
        return (int) n;
    }

    private long[] elements(byte[] data, Dtype dt, int n) {
        int size = dt.size();
        if ((long) n * size != data.length) {
            throw fail("an array of " + n + " " + dt.type + " elements with " + data.length + " bytes of data");
        }
        ByteBuffer b = ByteBuffer.wrap(data).order(dt.order == '>' ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        long[] out = new long[n];
        boolean unsigned = dt.type.charAt(0) == 'u';
        for (int i = 0; i < n; i++) {
            switch (size) {
                case 1: out[i] = unsigned ? b.get() & 0xFF : b.get(); break;
                case 2: out[i] = unsigned ? b.getShort() & 0xFFFF : b.getShort(); break;
                case 4: out[i] = unsigned ? b.getInt() & 0xFFFFFFFFL : b.getInt(); break;
                default: out[i] = b.getLong();
            }
        }
        return out;
    }
}
