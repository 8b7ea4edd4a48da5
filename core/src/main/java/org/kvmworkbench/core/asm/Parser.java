package org.kvmworkbench.core.asm;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Turns source lines into {@link Statement}s, in order: local labels ({@code .name}) are qualified with the last
 * ordinary label above them, as NASM does, so they must be parsed top to bottom by one parser.
 */
final class Parser {
    private static final Set<String> PREFIXES = Set.of("rep", "repe", "repz", "repne", "repnz", "lock");
    private static final Set<String> DATA = Set.of("db", "dw", "dd");
    private static final Set<String> SIZES = Set.of("byte", "word", "dword", "qword", "tword");

    private String lastGlobal = "";
    private List<Token> toks;
    private int pos;
    private int lineNo;

    Statement parse(int lineNo, String text) {
        this.lineNo = lineNo;
        this.toks = Lexer.tokens(text);
        this.pos = 0;
        String label = null;
        int labelColumn = 0;
        Token first = peek();
        if (first.kind() == Token.Kind.IDENT && isDirectiveWord(first.text(), "bits")) {
            pos++;
            return simple(Statement.Kind.BITS, first, expression());
        }
        if (first.kind() == Token.Kind.IDENT && isDirectiveWord(first.text(), "org")) {
            pos++;
            return simple(Statement.Kind.ORG, first, expression());
        }
        if (first.kind() == Token.Kind.IDENT && !isKeyword(first.text())) {
            Token after = toks.get(pos + 1);
            boolean colon = after.is(":");
            boolean equ = after.isWord("equ");
            if (after.kind() == Token.Kind.END && !colon) {
                throw new LineError(first.column(), AsmError.WORDS.phrase("unknownInstruction.label", first.text()));
            }
            if (colon || equ || after.kind() == Token.Kind.IDENT && isKeyword(after.text())) {
                pos += colon ? 2 : 1;
                label = qualify(first.text(), true);
                labelColumn = first.column();
                if (Register.byName(first.text()) != null) {
                    throw new LineError(first.column(), AsmError.WORDS.phrase("registerAsLabel", first.text()));
                }
                if (equ) {
                    pos++;
                    Expr value = expression();
                    expectEnd();
                    return new Statement(Statement.Kind.EQU, lineNo, label, labelColumn, null, List.of(), "equ",
                            first.column(), List.of(), List.of(), value);
                }
            } else {
                throw new LineError(first.column(), AsmError.WORDS.phrase("unknownInstruction", first.text()));
            }
        }
        Expr times = null;
        if (peek().isWord("times")) {
            pos++;
            times = expression();
        }
        List<String> prefixes = new ArrayList<>();
        while (peek().kind() == Token.Kind.IDENT && PREFIXES.contains(lower(peek().text()))) {
            prefixes.add(lower(next().text()));
        }
        Token m = peek();
        if (m.kind() == Token.Kind.END) {
            if (times != null || !prefixes.isEmpty()) {
                throw new LineError(m.column(), AsmError.WORDS.phrase("instructionExpected"));
            }
            return new Statement(Statement.Kind.EMPTY, lineNo, label, labelColumn, null, List.of(), null, 0,
                    List.of(), List.of(), null);
        }
        if (m.kind() != Token.Kind.IDENT) throw new LineError(m.column(), AsmError.WORDS.phrase("instructionExpected"));
        pos++;
        String mnemonic = lower(m.text());
        if (DATA.contains(mnemonic)) {
            if (!prefixes.isEmpty()) throw new LineError(m.column(), AsmError.WORDS.phrase("prefixBeforeData"));
            return new Statement(Statement.Kind.DATA, lineNo, label, labelColumn, times, List.of(), mnemonic,
                    m.column(), List.of(), dataItems(), null);
        }
        if (!Encoder.knows(mnemonic)) throw new LineError(m.column(), AsmError.WORDS.phrase("unknownInstruction", m.text()));
        List<Operand> ops = new ArrayList<>();
        if (peek().kind() != Token.Kind.END) {
            ops.add(operand());
            while (peek().is(",")) {
                pos++;
                ops.add(operand());
            }
        }
        expectEnd();
        return new Statement(Statement.Kind.INSN, lineNo, label, labelColumn, times, prefixes, mnemonic, m.column(),
                ops, List.of(), null);
    }

    private Statement simple(Statement.Kind kind, Token at, Expr value) {
        expectEnd();
        return new Statement(kind, lineNo, null, 0, null, List.of(), lower(at.text()), at.column(), List.of(),
                List.of(), value);
    }

    private boolean isDirectiveWord(String word, String directive) {
        if (!word.equalsIgnoreCase(directive)) return false;
        Token after = toks.get(pos + 1);
        return !after.is(":") && !after.isWord("equ");
    }

    private static boolean isKeyword(String word) {
        String w = lower(word);
        return Encoder.knows(w) || DATA.contains(w) || PREFIXES.contains(w) || w.equals("times") || w.equals("equ");
    }

    private String qualify(String name, boolean defining) {
        if (name.startsWith("..")) return name;
        if (name.startsWith(".")) return lastGlobal + name;
        if (defining) lastGlobal = name;
        return name;
    }

    private List<Statement.DataItem> dataItems() {
        List<Statement.DataItem> items = new ArrayList<>();
        do {
            if (!items.isEmpty()) pos++;
            Token t = peek();
            Token after = toks.get(Math.min(pos + 1, toks.size() - 1));
            if (t.kind() == Token.Kind.STRING && (after.is(",") || after.kind() == Token.Kind.END)) {
                pos++;
                items.add(new Statement.DataItem(t.text(), null, t.column()));
            } else {
                items.add(new Statement.DataItem(null, expression(), t.column()));
            }
        } while (peek().is(","));
        expectEnd();
        return items;
    }

    private Operand operand() {
        Token t = peek();
        int size = 0;
        String distance = null;
        if (t.kind() == Token.Kind.IDENT && SIZES.contains(lower(t.text()))) {
            pos++;
            size = switch (lower(t.text())) {
                case "byte" -> 8;
                case "word" -> 16;
                case "qword" -> 64;
                case "tword" -> 80;
                default -> 32;
            };
            if (size > 32 && !peek().is("[")) throw new LineError(t.column(), AsmError.WORDS.phrase("memoryNeeded")); // x87 only
        } else if (t.isWord("short") || t.isWord("near")) {
            pos++;
            distance = lower(t.text());
        }
        Token start = peek();
        if (start.is("[")) return memory(size);
        if (start.kind() == Token.Kind.IDENT && size == 0 && distance == null) {
            Register r = Register.byName(start.text());
            if (r != null && (toks.get(pos + 1).is(",") || toks.get(pos + 1).kind() == Token.Kind.END)) {
                pos++;
                return new Operand.Reg(r, start.column());
            }
        }
        Expr value = expression();
        if (peek().is(":")) {
            pos++;
            return new Operand.Far(value, expression(), start.column());
        }
        return new Operand.Imm(value, size, distance, start.column());
    }

    private Operand memory(int size) {
        Token open = next();
        Register segment = null;
        Token t = peek();
        if (t.kind() == Token.Kind.IDENT && toks.get(pos + 1).is(":")) {
            segment = Register.byName(t.text());
            if (segment == null || !segment.isSegment()) {
                throw new LineError(t.column(), AsmError.WORDS.phrase("notSegmentRegister", t.text()));
            }
            pos += 2;
        }
        Expr e = expression();
        if (!peek().is("]")) throw new LineError(peek().column(), AsmError.WORDS.phrase("expected", "]"));
        pos++;
        return EffectiveAddress.of(e, segment, size, open.column());
    }

    // ---- expressions, NASM precedence: | ^ & << >> + - * / // % %% unary
    private static final String[][] LEVELS = {{"|"}, {"^"}, {"&"}, {"<<", ">>"}, {"+", "-"},
        {"*", "/", "//", "%", "%%"}};

    private Expr expression() {
        return binary(0);
    }

    private Expr binary(int level) {
        if (level == LEVELS.length) return unary();
        Expr left = binary(level + 1);
        while (true) {
            Token t = peek();
            String op = null;
            for (String o : LEVELS[level]) if (t.is(o)) op = o;
            if (op == null) return left;
            pos++;
            left = new Expr.Binary(op, left, binary(level + 1), t.column());
        }
    }

    private static final int MAX_NESTING = 100;
    private int nesting;

    private Expr unary() {
        Token t = peek();
        if (++nesting > MAX_NESTING) throw new LineError(t.column(), AsmError.WORDS.phrase("nestedTooDeeply"));
        try {
            return unaryInner(t);
        } finally {
            nesting--;
        }
    }

    private Expr unaryInner(Token t) {
        if (t.is("-") || t.is("+") || t.is("~") || t.is("!")) {
            pos++;
            return new Expr.Unary(t.text().charAt(0), unary(), t.column());
        }
        return primary();
    }

    private Expr primary() {
        Token t = next();
        switch (t.kind()) {
            case NUMBER:
                return new Expr.Num(t.value(), t.column());
            case STRING:
                return new Expr.Num(charConstant(t), t.column());
            case IDENT: {
                Register r = Register.byName(t.text());
                if (r != null) return new Expr.RegRef(r, t.column());
                if (isKeyword(t.text()) && !t.text().startsWith(".")) {
                    throw new LineError(t.column(), AsmError.WORDS.phrase("notAValue", t.text()));
                }
                return new Expr.Sym(qualify(t.text(), false), t.column());
            }
            case PUNCT:
                if (t.is("$")) return new Expr.Here(false, t.column());
                if (t.is("$$")) return new Expr.Here(true, t.column());
                if (t.is("(")) {
                    Expr inner = expression();
                    if (!peek().is(")")) throw new LineError(peek().column(), AsmError.WORDS.phrase("expected", ")"));
                    pos++;
                    return inner;
                }
                throw new LineError(t.column(), AsmError.WORDS.phrase("unexpected", t.text()));
            default:
                pos--;
                throw new LineError(t.column(), AsmError.WORDS.phrase("expressionExpected"));
        }
    }

    private static long charConstant(Token t) {
        byte[] b = Lexer.bytes(t.text());
        if (b.length > 8) throw new LineError(t.column(), AsmError.WORDS.phrase("charConstantTooLong", 8));
        long v = 0;
        for (int i = b.length - 1; i >= 0; i--) v = (v << 8) | (b[i] & 0xFF);
        return v;
    }

    private Token peek() {
        return toks.get(pos);
    }

    private Token next() {
        Token t = toks.get(pos);
        if (t.kind() != Token.Kind.END) pos++;
        return t;
    }

    private void expectEnd() {
        Token t = peek();
        if (t.kind() != Token.Kind.END) throw new LineError(t.column(), AsmError.WORDS.phrase("unexpected", t.text()));
    }

    private static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
