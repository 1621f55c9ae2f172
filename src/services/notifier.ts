import type { Notice } from './notices.js';

/** Where a message went, so that it can be replaced or answered in its thread later. */
export interface SentMessage {
  channel: string;
  ts: string;
}

/** A file for a person's DM with the bot; its comment is a notice like any message. */
export interface OutgoingFile {
  filename: string;
  title: string;
  content: string;
}

/**
 * The one way out of the services: they describe what happened as a typed notice and say who
 * should hear it; the implementation (in `src/slack/`) decides how it looks and how it gets
 * there. The services own *which* messages exist (they store `SentMessage`s and hand them back
 * to `replace` and `inThread`); the notifier owns *how* they look.
 *
 * Methods that return a `SentMessage` throw when Slack refuses (the caller decides whether that
 * matters); the admin broadcast falls back to DMs and throws only when nobody got it; the Home
 * refresh never throws.
 */
export interface Notifier {
  /** A DM to one person. */
  toPerson(slackId: string, notice: Notice): Promise<SentMessage>;
  /**
   * To the bot admins: a post in ADMIN_CHANNEL (returned, so it can be replaced later), or a DM
   * to each bot admin when no channel is set or Slack refuses it (then undefined). Throws only
   * when nobody at all was reached, so a caller can keep the news for its next try.
   */
  toAdmins(notice: Notice): Promise<SentMessage | undefined>;
  /** A post in a channel (where a command was run); throws when the bot cannot post there. */
  toChannel(channel: string, notice: Notice): Promise<SentMessage>;
  /** A reply in the thread of a message posted earlier. */
  inThread(parent: SentMessage, notice: Notice): Promise<SentMessage>;
  /** Re-renders a message posted earlier, in place. */
  replace(target: SentMessage, notice: Notice): Promise<void>;
  /** Uploads a file into the person's DM with the bot, with the notice as its comment. */
  sendFile(slackId: string, file: OutgoingFile, notice: Notice): Promise<void>;
  /** These people's requests or approvals changed: refresh what shows them (the App Home). Never throws. */
  peopleChanged(slackIds: Iterable<string>): Promise<void>;
}
