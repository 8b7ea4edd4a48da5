package org.kvmworkbench.core.asm;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Splits one source line into tokens (NASM's spelling of numbers, strings and operators); a comment ends it. */
final class Lexer {
    private static final String[] OPERATORS = {"<<", ">>", "//", "%%", "$$", "+", "-", "*", "/", "%", "|", "&", "^",
        "~", "!", "(", ")", "[", "]", ",", ":", "$"};

    /** Bounds the depth of the expression trees a line can build (they are evaluated recursively). */
    private static final int MAX_TOKENS = 1000;

    private final String line;
    private int pos;

    private Lexer(String line) {
        this.line = line;
    }

    static List<Token> tokens(String line) {
        return new Lexer(line).run();
    }

    private List<Token> run() {
        List<Token> out = new ArrayList<>();
        while (true) {
            while (pos < line.length() && Character.isWhitespace(line.charAt(pos))) pos++;
            if (pos >= line.length() || line.charAt(pos) == ';') {
                out.add(new Token(Token.Kind.END, "", 0, pos + 1));
                return out;
            }
            if (out.size() == MAX_TOKENS) throw new LineError(pos + 1, AsmError.WORDS.phrase("lineTooLong", MAX_TOKENS));
            out.add(next());
        }
    }

    private Token next() {
        char c = line.charAt(pos);
        int start = pos;
        if (c == '\'' || c == '"' || c == '`') return string(c);
        if (Character.isDigit(c) || (c == '$' && pos + 1 < line.length() && Character.isDigit(line.charAt(pos + 1)))) {
            return number();
        }
        if (isIdentStart(c)) {
            while (pos < line.length() && isIdentPart(line.charAt(pos))) pos++;
            return new Token(Token.Kind.IDENT, line.substring(start, pos), 0, start + 1);
        }
        for (String op : OPERATORS) {
            if (line.startsWith(op, pos)) {
                pos += op.length();
                return new Token(Token.Kind.PUNCT, op, 0, start + 1);
            }
        }
        throw new LineError(start + 1, AsmError.WORDS.phrase("unexpectedCharacter", String.valueOf(c)));
    }

    private Token string(char quote) {
        int start = pos++;
        int end = line.indexOf(quote, pos);
        if (end < 0) throw new LineError(start + 1, AsmError.WORDS.phrase("unterminatedString"));
        String text = line.substring(pos, end);
        pos = end + 1;
        return new Token(Token.Kind.STRING, text, 0, start + 1);
    }

    private Token number() {
        int start = pos;
        if (line.charAt(pos) == '$') pos++; // $1F: hexadecimal
        while (pos < line.length() && (Character.isLetterOrDigit(line.charAt(pos)) || line.charAt(pos) == '_')) pos++;
        String text = line.substring(start, pos);
        return new Token(Token.Kind.NUMBER, text, parseNumber(text, start + 1), start + 1);
    }

    private static long parseNumber(String raw, int column) {
        String t = raw.replace("_", "").toLowerCase();
        int radix = 10;
        if (t.startsWith("$")) {
            radix = 16;
            t = t.substring(1);
        } else if (t.startsWith("0x") || t.startsWith("0h")) {
            radix = 16;
            t = t.substring(2);
        } else if (t.startsWith("0b") || t.startsWith("0y")) {
            radix = 2;
            t = t.substring(2);
        } else if (t.startsWith("0o") || t.startsWith("0q")) {
            radix = 8;
            t = t.substring(2);
        } else if (t.startsWith("0d") || t.startsWith("0t")) {
            t = t.substring(2);
        } else if (t.endsWith("h")) {
            radix = 16;
            t = t.substring(0, t.length() - 1);
        } else if (t.endsWith("b") || t.endsWith("y")) {
            radix = 2;
            t = t.substring(0, t.length() - 1);
        } else if (t.endsWith("o") || t.endsWith("q")) {
            radix = 8;
            t = t.substring(0, t.length() - 1);
        } else if (t.endsWith("d") || t.endsWith("t")) {
            t = t.substring(0, t.length() - 1);
        }
        if (t.isEmpty() || t.length() > 64) throw new LineError(column, AsmError.WORDS.phrase("invalidNumber", raw));
        try {
            return Long.parseUnsignedLong(t, radix);
        } catch (NumberFormatException e) {
            throw new LineError(column, AsmError.WORDS.phrase("invalidNumber", raw));
        }
    }

    /** A string as bytes (UTF-8, as NASM stores source text) and as a little-endian number for expressions. */
    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static boolean isIdentStart(char c) {
        return Character.isLetter(c) || c == '_' || c == '.' || c == '?' || c == '@';
    }

    private static boolean isIdentPart(char c) {
        return isIdentStart(c) || Character.isDigit(c) || c == '$' || c == '#' || c == '~';
    }
}
