import { describeAdminFailure } from '../../openai/admin-errors.js';
import { escapeMrkdwn } from './format.js';

/** A failure as a person reads it in mrkdwn: OpenAI's words can hold anything, so they are escaped. */
export function failureText(error: unknown): string {
  return escapeMrkdwn(describeAdminFailure(error));
}
