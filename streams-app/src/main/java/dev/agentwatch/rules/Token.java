package dev.agentwatch.rules;

/**
 * One lexical token of a condition. For {@link Kind#NUMBER}, {@code number} is the amount as written and
 * {@code unit} is "", "%", "$" or a duration unit ({@code ms s sec m min h d w}).
 */
record Token(Kind kind, String text, int offset, double number, String unit) {

    enum Kind { NUMBER, IDENT, COMPARISON, PLUS, MINUS, STAR, SLASH, LPAREN, RPAREN, COMMA, END }

    static Token of(Kind kind, String text, int offset) {
        return new Token(kind, text, offset, Double.NaN, "");
    }

    boolean is(Kind k) {
        return kind == k;
    }

    boolean isWord(String word) {
        return kind == Kind.IDENT && text.equals(word);
    }

    boolean isDuration() {
        return kind == Kind.NUMBER && !unit.isEmpty() && !unit.equals("%") && !unit.equals("$");
    }

    /** How an error message shows this token. */
    String shown() {
        return kind == Kind.END ? "the end of the condition" : "'" + text + "'";
    }
}
