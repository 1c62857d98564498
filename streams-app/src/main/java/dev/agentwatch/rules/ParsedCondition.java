package dev.agentwatch.rules;

/**
 * A condition as written: {@code left op right [for window]}. {@code windowMs} is 0 without {@code for};
 * {@code opOffset} and {@code forOffset} (-1 without {@code for}) index {@code text}.
 */
record ParsedCondition(String text, Expr left, Comparison op, int opOffset, Expr right, long windowMs,
                       int forOffset, SourcePosition windowPos) {

    /** The same condition with another right-hand side (an override's {@code threshold}), text included. */
    ParsedCondition withRight(Expr threshold, String thresholdText) {
        String leftText = text.substring(0, opOffset).strip();
        String head = leftText + " " + op.symbol() + " " + thresholdText.strip();
        String tail = forOffset >= 0 ? " " + text.substring(forOffset).strip() : "";
        return new ParsedCondition(head + tail, left, op, leftText.length() + 1, threshold, windowMs,
                forOffset >= 0 ? head.length() + 1 : -1, windowPos);
    }
}
