/**
 * Sixth stage: per integration, whether a flush is news (the notification log, which counts a notification as
 * told once it was delivered), and queueing it in the integration's delivery queue.
 */
package dev.agentwatch.sink.notify;
