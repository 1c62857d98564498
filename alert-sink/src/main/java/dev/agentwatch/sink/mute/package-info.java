/**
 * The muting stages (fourth and fifth): a {@code MuteStage} takes out of a flush the firing alerts its
 * {@code Muter} mutes, and lets their records be done.
 */
package dev.agentwatch.sink.mute;
