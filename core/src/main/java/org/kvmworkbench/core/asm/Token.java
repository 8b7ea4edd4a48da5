package org.kvmworkbench.core.asm;

/** One lexical token of a source line; {@code column} is 1-based. */
record Token(Kind kind, String text, long value, int column) {
    enum Kind { IDENT, NUMBER, STRING, PUNCT, END }

    boolean is(String punct) {
        return kind == Kind.PUNCT && text.equals(punct);
    }

    boolean isWord(String word) {
        return kind == Kind.IDENT && text.equalsIgnoreCase(word);
    }
}
