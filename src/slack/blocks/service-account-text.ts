import type { KnownBlock } from '@slack/types';
import type { AccessRequest } from '../../db/schema.js';
import type { RequestSnapshot } from '../../services/notices.js';
import type { ServiceAccountNotice } from '../../services/service-account-notices.js';
import type { ServiceAccountRefusal } from '../../services/service-account-refusals.js';
import { ActionIds } from '../ids.js';
import { echoTyped, escapeMrkdwn, mention, slackDate, slackDay } from './format.js';
import { messageWithButton, plainMessage, type SlackMessage } from './message.js';

/** Words for service-account requests, shown wherever access requests are shown. */

const name = (request: AccessRequest) => `“${escapeMrkdwn(request.service_account_name ?? '')}”`;
const project = (request: AccessRequest) => escapeMrkdwn(request.project_name);

export function serviceAccountRefusalText({ why }: ServiceAccountRefusal): string {
  switch (why.reason) {
    case 'not_yours':
      return 'Only the person who asked for this service account can see its key.';
    case 'not_ready':
      return `This request is not approved yet (${why.status.replace('_', ' ')}).`;
    case 'already_shown':
      return `This key was already shown (${slackDate(why.at)}); a secret is shown only once. If it was lost, ask for a new key: the owners approve again.`;
    case 'window_closed':
      return 'This Show key button was valid for 24 hours and has expired. Ask for a new key: the owners approve again.';
    case 'failed':
      return `OpenAI did not make the key: ${escapeMrkdwn(why.problem)} Nothing was created; click Show key again in a minute.`;
    case 'owners_and_admins_only':
      return `Only owners of ${escapeMrkdwn(why.projectName)} (in OpenAI) and bot admins can manage its service accounts.`;
    case 'unknown_account':
      return 'That service account is gone (deleted in OpenAI or by someone else).';
    case 'unknown_project':
      return `No project is called “${echoTyped(why.typed)}”. Try \`/access service-accounts <project name>\`.`;
    case 'not_a_rotation':
      return 'There is no old service account waiting to be deleted for this key.';
  }
}

export function serviceAccountHeadline(request: AccessRequest): string {
  const who = mention(request.requester_slack_id);
  switch (request.kind) {
    case 'service_account_key':
      return `*${who} asks for a new key for the service account ${name(request)} in ${project(request)}*`;
    case 'service_account_rotation':
      return `*${who} rotates the service account ${name(request)} in ${project(request)}*`;
    default:
      return `*${who} asks for a service account ${name(request)} in ${project(request)}*`;
  }
}

export function serviceAccountDetails(request: AccessRequest): KnownBlock {
  const ends = request.service_account_ends_on;
  return {
    type: 'section',
    fields: [
      { type: 'mrkdwn', text: `*Requester*\n${mention(request.requester_slack_id)}` },
      { type: 'mrkdwn', text: `*Project*\n${project(request)}` },
      { type: 'mrkdwn', text: `*Service account*\n${name(request)}` },
      { type: 'mrkdwn', text: `*Removed on*\n${ends ? slackDay(ends) : 'No end date'}` },
    ],
  };
}

export function serviceAccountStatusLine({ request, decision }: RequestSnapshot): string | undefined {
  const by = decision ? `${mention(decision.decided_by)} on ${slackDate(decision.decided_at)}` : '';
  switch (request.status) {
    case 'approved':
      return `:white_check_mark: Approved by ${by}. The requester gets a Show key button.`;
    case 'applied':
      return request.key_shown_at
        ? `:white_check_mark: Approved by ${by}. The key was shown to ${mention(request.requester_slack_id)} ${slackDate(request.key_shown_at)}.`
        : `:white_check_mark: Approved by ${by}. Waiting for ${mention(request.requester_slack_id)} to click Show key.`;
    case 'revoked':
      return ':lock: The service account was deleted.';
    default:
      return undefined;
  }
}

/** A line for the App Home's "my requests". */
export function serviceAccountHomeLine(request: AccessRequest): string {
  const what =
    request.kind === 'service_account_key'
      ? `New key for ${name(request)}`
      : request.kind === 'service_account_rotation'
        ? `Rotation of ${name(request)}`
        : `Service account ${name(request)}`;
  const status =
    request.status === 'applied'
      ? request.key_shown_at
        ? 'key shown'
        : 'approved: click Show key in your DM'
      : request.status === 'revoked'
        ? 'deleted'
        : request.status.replace('_', ' ');
  return `${what} in ${project(request)}: *${status}*`;
}

export function renderServiceAccountNotice(notice: ServiceAccountNotice): SlackMessage {
  const { request } = notice;
  switch (notice.kind) {
    case 'service_account.key_ready':
      return messageWithButton(
        `:key: Your ${request.kind === 'service_account_rotation' ? 'replacement ' : ''}service account ${name(request)} in ${project(request)} is approved. Click *Show key* when you are ready to store it: the key is made at that moment and shown once, in a window only you see. The button works once, for 24 hours.`,
        { actionId: ActionIds.showKey, label: 'Show key', value: request.id, style: 'primary' },
      );
    case 'service_account.ending':
      return plainMessage(
        `:hourglass: The service account ${name(request)} in ${project(request)} (asked for by ${mention(request.requester_slack_id)}) is removed on ${slackDay(request.service_account_ends_on ?? '')}, ${notice.days === 1 ? 'tomorrow' : 'in 7 days'}. Whatever runs on its keys stops then.`,
      );
    case 'service_account.removed': {
      const why =
        notice.reason === 'end_date'
          ? 'its end date was reached'
          : notice.reason === 'rotated'
            ? `${mention(notice.by)} confirmed its replacement's key works`
            : `${mention(notice.by)} deleted it`;
      return plainMessage(
        `:lock: The service account ${name(request)} in ${project(request)} was deleted (${why}); its keys no longer work.`,
      );
    }
    case 'service_account.removal_failed':
      return plainMessage(
        `:warning: Could not delete the service account ${name(request)} in ${project(request)} on its end date: ${escapeMrkdwn(notice.problem)} The bot tries again on its next sweep.`,
      );
  }
}
