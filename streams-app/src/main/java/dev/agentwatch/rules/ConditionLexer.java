package dev.agentwatch.rules;

import dev.agentwatch.config.Durations;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits condition text into tokens. Identifiers may contain dots ({@code metrics.hallucination_score});
 * a unit must follow its number directly ({@code 5min}, {@code 5%}); {@code $} comes before its amount.
 */
final class ConditionLexer {

    private final String text;
    private final ScalarText where;
    private int i;

    ConditionLexer(String text, ScalarText where) {
        this.text = text;
        this.where = where;
    }

    List<Token> tokens() {
        List<Token> out = new ArrayList<>();
        while (true) {
            while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
                i++;
            }
            if (i >= text.length()) {
                out.add(Token.of(Token.Kind.END, "", text.length()));
                return out;
            }
            out.add(next());
        }
    }

    private Token next() {
        int start = i;
        char c = text.charAt(i);
        if (Character.isDigit(c) || (c == '.' && i + 1 < text.length() && Character.isDigit(text.charAt(i + 1)))) {
            return number(start, false);
        }
        if (c == '$') {
            i++;
            if (i >= text.length() || !(Character.isDigit(text.charAt(i)) || text.charAt(i) == '.')) {
                throw error(start, "expected an amount after '$', such as $0.50");
            }
            return number(start, true);
        }
        if (Character.isLetter(c) || c == '_') {
            while (i < text.length() && isWordChar(text.charAt(i))) {
                i++;
            }
            return Token.of(Token.Kind.IDENT, text.substring(start, i), start);
        }
        i++;
        switch (c) {
            case '+':
                return Token.of(Token.Kind.PLUS, "+", start);
            case '-':
                return Token.of(Token.Kind.MINUS, "-", start);
            case '*':
                return Token.of(Token.Kind.STAR, "*", start);
            case '/':
                return Token.of(Token.Kind.SLASH, "/", start);
            case '(':
                return Token.of(Token.Kind.LPAREN, "(", start);
            case ')':
                return Token.of(Token.Kind.RPAREN, ")", start);
            case ',':
                return Token.of(Token.Kind.COMMA, ",", start);
            case '>':
            case '<':
                return comparison(start, String.valueOf(c));
            case '=':
                if (peek('=')) {
                    i++;
                    return Token.of(Token.Kind.COMPARISON, "==", start);
                }
                throw error(start, "'=' is not an operator; write '==' to compare for equality");
            case '!':
                if (peek('=')) {
                    i++;
                    return Token.of(Token.Kind.COMPARISON, "!=", start);
                }
                throw error(start, "expected '!=' ('!' alone is not an operator)");
            default:
                throw error(start, "unexpected character '" + c + "'; expected a metric, a number, a function, "
                        + "an operator (+ - * / > >= < <= == !=) or parentheses");
        }
    }

    private Token comparison(int start, String op) {
        if (peek('=')) {
            i++;
            return Token.of(Token.Kind.COMPARISON, op + "=", start);
        }
        return Token.of(Token.Kind.COMPARISON, op, start);
    }

    private Token number(int start, boolean money) {
        int digits = i;
        while (i < text.length() && (Character.isDigit(text.charAt(i)) || text.charAt(i) == '.')) {
            i++;
        }
        // an exponent only when digits follow: "1e-6" yes, but never eat a unit letter
        if (i < text.length() && (text.charAt(i) == 'e' || text.charAt(i) == 'E')) {
            int j = i + 1;
            if (j < text.length() && (text.charAt(j) == '-' || text.charAt(j) == '+')) {
                j++;
            }
            if (j < text.length() && Character.isDigit(text.charAt(j))) {
                i = j;
                while (i < text.length() && Character.isDigit(text.charAt(i))) {
                    i++;
                }
            }
        }
        String amount = text.substring(digits, i);
        double value;
        try {
            value = Double.parseDouble(amount);
        } catch (NumberFormatException e) {
            throw error(start, "'" + amount + "' is not a number");
        }
        String unit;
        if (money) {
            unit = "$";
        } else if (i < text.length() && text.charAt(i) == '%') {
            i++;
            unit = "%";
        } else {
            int u = i;
            while (i < text.length() && Character.isLetter(text.charAt(i))) {
                i++;
            }
            unit = text.substring(u, i);
            if (!unit.isEmpty() && Durations.unitMillis(unit) < 0) {
                throw error(u, "unknown unit '" + unit + "' after " + amount + "; expected %, ms, s, min, h, d or w"
                        + Suggestions.didYouMean(unit, List.of("ms", "s", "sec", "m", "min", "h", "d", "w")));
            }
        }
        if (i < text.length() && (isWordChar(text.charAt(i)))) {
            throw error(i, "unexpected '" + text.charAt(i) + "' after the number " + text.substring(start, i));
        }
        return new Token(Token.Kind.NUMBER, text.substring(start, i), start, value, unit);
    }

    private boolean peek(char c) {
        return i < text.length() && text.charAt(i) == c;
    }

    private static boolean isWordChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '.';
    }

    private ConditionSyntaxException error(int offset, String message) {
        return new ConditionSyntaxException(where.at(offset), message);
    }
}
