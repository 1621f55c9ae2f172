/**
 * Who is who in Slack, as the services need it: matching a Slack user to an OpenAI user goes
 * through a confirmed email. Implemented in `src/slack/`; a failed look-up throws, so that
 * "Slack did not answer" is never mistaken for "nobody".
 */
export interface PeopleDirectory {
  /** The person's email in Slack, when they have a confirmed one (undefined for bots and the deleted). */
  emailOf(slackId: string): Promise<string | undefined>;
  /** The active Slack user with that email, or undefined when Slack has nobody. */
  slackIdByEmail(email: string): Promise<string | undefined>;
}
