package org.kvmworkbench.core.asm;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The workbench's own assembler for the NASM subset the samples use (see README, "Writing your own guest"):
 * flat 16-bit binaries, {@code bits 16}, {@code org}, labels and local labels, equ, db/dw/dd, times, $ and $$,
 * and the instructions the simulated CPU runs. It assembles in passes until every label keeps its address
 * (jumps start short and grow), then once more with every symbol required, as NASM's optimizer does.
 */
public final class BuiltInAssembler implements GuestAssembler {
    /** Largest image it will produce; a real-mode guest fits in far less. */
    static final int MAX_IMAGE = 1 << 20;
    private static final int MAX_PASSES = 40;
    private static final int MAX_ERRORS = 50;

    @Override
    public String name() {
        return "built-in";
    }

    @Override
    public Assembly assemble(String source) throws AssemblyException {
        String[] lines = source.split("\r\n|\r|\n", -1);
        List<AsmError> errors = new ArrayList<>();
        List<Statement> statements = parse(lines, errors);
        if (!errors.isEmpty()) throw new AssemblyException(errors);
        Map<String, Long> previous = new HashMap<>();
        for (int pass = 0; pass < MAX_PASSES; pass++) {
            Pass p = new Pass(statements, previous, false);
            p.run();
            if (!p.errors.isEmpty()) throw new AssemblyException(p.errors);
            boolean settled = p.symbols.equals(previous);
            previous = p.symbols;
            if (settled && pass > 0) {
                Pass last = new Pass(statements, previous, true);
                last.run();
                if (!last.errors.isEmpty()) throw new AssemblyException(last.errors);
                return new Assembly(last.image.toArray(), last.listing(lines), name());
            }
        }
        throw new AssemblyException(List.of(new AsmError(1, 0, AsmError.WORDS.phrase("sizesDidNotSettle", MAX_PASSES))));
    }

    private static List<Statement> parse(String[] lines, List<AsmError> errors) {
        Parser parser = new Parser();
        List<Statement> out = new ArrayList<>();
        for (int i = 0; i < lines.length; i++) {
            try {
                out.add(parser.parse(i + 1, lines[i]));
            } catch (LineError e) {
                if (errors.size() < MAX_ERRORS) errors.add(new AsmError(i + 1, e.column, e.words));
            }
        }
        return out;
    }

    /** One pass over all statements: addresses, symbols, bytes. */
    private static final class Pass implements Env {
        private final List<Statement> statements;
        private final Map<String, Long> previous;
        private final boolean last;
        final Map<String, Long> symbols = new HashMap<>();
        final ByteOut image = new ByteOut();
        final List<AsmError> errors = new ArrayList<>();
        private final int[] lineStart;
        private final int[] lineEnd;
        private long origin;
        private boolean originSet;
        private boolean codeSeen;
        private long here;

        Pass(List<Statement> statements, Map<String, Long> previous, boolean last) {
            this.statements = statements;
            this.previous = previous;
            this.last = last;
            int n = statements.isEmpty() ? 0 : statements.get(statements.size() - 1).line() + 1;
            lineStart = new int[n];
            lineEnd = new int[n];
        }

        void run() {
            for (Statement st : statements) {
                try {
                    statement(st);
                } catch (LineError e) {
                    if (errors.size() < MAX_ERRORS) errors.add(new AsmError(st.line(), e.column, e.words));
                }
            }
        }

        private void statement(Statement st) {
            here = origin + image.size();
            lineStart[st.line()] = image.size();
            lineEnd[st.line()] = image.size();
            if (st.label() != null && st.kind() != Statement.Kind.EQU) define(st.label(), here, st.labelColumn());
            switch (st.kind()) {
                case EMPTY -> { }
                case EQU -> define(st.label(), st.value().eval(this), st.labelColumn());
                case BITS -> {
                    if (st.value().eval(this) != 16) {
                        throw new LineError(st.column(), AsmError.WORDS.phrase("bits16Only"));
                    }
                }
                case ORG -> {
                    if (codeSeen || originSet) throw new LineError(st.column(), AsmError.WORDS.phrase("orgOnce"));
                    long v = st.value().eval(this);
                    if (v < 0 || v > 0xFFFF) throw new LineError(st.column(), AsmError.WORDS.phrase("orgRange"));
                    origin = v;
                    originSet = true;
                }
                case DATA, INSN -> emit(st);
            }
            lineEnd[st.line()] = image.size();
        }

        private void emit(Statement st) {
            codeSeen = true;
            long count = 1;
            if (st.times() != null) {
                count = st.times().eval(this);
                if (count < 0) throw new LineError(st.column(), AsmError.WORDS.phrase("timesNegative"));
            }
            for (long i = 0; i < count; i++) {
                here = origin + image.size();
                byte[] bytes = st.kind() == Statement.Kind.DATA ? data(st) : Encoder.encode(st, this, here);
                if ((long) image.size() + bytes.length > MAX_IMAGE) {
                    throw new LineError(st.column(), AsmError.WORDS.phrase("imageTooLarge", MAX_IMAGE >> 10));
                }
                if (bytes.length == 0 && count > 1) break;
                image.bytes(bytes);
            }
        }

        private byte[] data(Statement st) {
            ByteOut out = new ByteOut();
            int unit = st.dataUnit();
            for (Statement.DataItem item : st.data()) {
                if (item.string() != null) {
                    byte[] b = Lexer.bytes(item.string());
                    out.bytes(b);
                    for (int pad = (unit - b.length % unit) % unit; pad > 0; pad--) out.u8(0);
                } else {
                    long v = item.value().eval(this);
                    Encoder.checkFits(v, unit * 8, item.column());
                    out.le(v, unit);
                }
            }
            return out.toArray();
        }

        private void define(String name, long value, int column) {
            if (symbols.containsKey(name)) throw new LineError(column, AsmError.WORDS.phrase("symbolTwice", name));
            symbols.put(name, value);
        }

        @Override
        public Long symbol(String name, int column) {
            Long v = symbols.get(name);
            if (v == null && !last) v = previous.get(name);
            if (v == null && last) {
                // a later line defines it: the previous pass, which settled, holds its value
                v = previous.get(name);
                if (v == null) throw new LineError(column, AsmError.WORDS.phrase("symbolUndefined", name));
            }
            return v;
        }

        @Override
        public long here() {
            return here;
        }

        @Override
        public long sectionStart() {
            return origin;
        }

        @Override
        public void unresolved() {
            // the next pass has every symbol of this one; the final pass rejects what is still missing
        }

        List<ListingLine> listing(String[] lines) {
            byte[] all = image.toArray();
            List<ListingLine> out = new ArrayList<>(lines.length);
            for (int i = 0; i < lines.length; i++) {
                int line = i + 1;
                int from = line < lineStart.length ? lineStart[line] : all.length;
                int to = line < lineEnd.length ? lineEnd[line] : all.length;
                out.add(new ListingLine(line, from, java.util.Arrays.copyOfRange(all, from, to), lines[i]));
            }
            return out;
        }
    }
}
