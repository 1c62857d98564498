package dev.agentwatch.sink.receivers;

/**
 * Text for Slack, built from two kinds of pieces so that alert content can never act as markup: {@link #markup}
 * for what we write ourselves ({@code *bold*}, emoji, links we built), {@link #text} for anything that came with an
 * alert (names, agent ids, labels, annotations, the condition), which is escaped as Slack documents for text
 * objects: {@code &} {@code <} {@code >} become {@code &amp;} {@code &lt;} {@code &gt;}, and nothing else is
 * entity-encoded. So an agent id {@code <!channel>} shows as itself instead of paging a whole channel.
 */
final class SlackText {

    private final StringBuilder sb = new StringBuilder();

    /** Our own formatting, sent as is. */
    SlackText markup(String ours) {
        sb.append(ours);
        return this;
    }

    /** Text from an alert, escaped; null shows as nothing. */
    SlackText text(String fromAlert) {
        sb.append(escape(fromAlert));
        return this;
    }

    /** {@code <url|label>}: the URL cannot close the link early, the label is our own. */
    SlackText link(String url, String label) {
        sb.append('<').append(escape(url.replace(">", "%3E").replace("|", "%7C").replace("<", "%3C"))).append('|')
                .append(label).append('>');
        return this;
    }

    /** At most {@code max} characters, ending in an ellipsis when cut; never cuts an entity or a character in two. */
    String truncated(int max) {
        String s = sb.toString();
        if (s.length() <= max) {
            return s;
        }
        int cut = max - 1;
        int amp = s.lastIndexOf('&', cut - 1);
        if (amp >= 0 && amp > cut - 5 && s.indexOf(';', amp) >= cut) {
            cut = amp; // inside &amp; &lt; or &gt;
        }
        if (cut > 0 && Character.isHighSurrogate(s.charAt(cut - 1))) {
            cut--;
        }
        return s.substring(0, cut) + "…";
    }

    @Override
    public String toString() {
        return sb.toString();
    }

    static String escape(String s) {
        return s == null ? "" : s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
