import type { ClickNote, Refusal } from '../../services/click-answer.js';
import { escapeMrkdwn, mention } from './format.js';
import { waitingList } from './invite-messages.js';
import { serviceAccountRefusalText } from './service-account-text.js';

/** What the person who clicked hears, privately, when their click worked in a way they did not expect. */
export function clickNoteText(note: ClickNote): string {
  const added =
    note.applied.length > 0
      ? ` Added what waited on them: ${waitingList(note.applied)}.`
      : note.problem
        ? ''
        : ' Nothing of the bot was waiting on them.';
  const problem = note.problem
    ? ` Could not add everything yet: ${escapeMrkdwn(note.problem)} The bot tries again on its next sweep.`
    : '';
  return `${escapeMrkdwn(note.email)} is already a member of the OpenAI organization, so no invite was sent.${added}${problem}`;
}

/** What the person who clicked hears, privately, when their click changed nothing. */
export function refusalText(refusal: Refusal): string {
  switch (refusal.kind) {
    case 'service_account':
      return serviceAccountRefusalText(refusal);
    case 'no_such_request':
      return `There is no request ${escapeMrkdwn(refusal.requestId)}.`;
    case 'already_decided':
      return `This request was already ${refusal.outcome} by ${mention(refusal.by)}.`;
    case 'not_pending':
      return `This request is no longer pending (${refusal.status.replace('_', ' ')}).`;
    case 'cannot_decide':
      return refusal.reason === 'own_request'
        ? 'You cannot decide your own request. Another owner of the project or a bot admin has to.'
        : `Only an owner of ${escapeMrkdwn(refusal.projectName)} (in OpenAI) or a bot admin can decide this request.`;
    case 'only_requester_cancels':
      return 'Only the requester can cancel a request.';
    case 'only_holder_extends':
      return 'Only the person who holds this access can ask to extend it.';
    case 'nothing_to_extend':
      return `This access has no end date to extend any more (${refusal.status}).`;
    case 'extension_closed':
      return 'This access cannot be extended any more: it has ended or has no end date.';
    case 'admins_only':
      return adminsOnlyText(refusal.action, refusal.botAdmins);
    case 'plan_not_failed':
      return `Nothing to retry: the plan is ${escapeMrkdwn(refusal.status)}.`;
    case 'cannot_archive':
      return cannotArchiveText(refusal.reason, refusal.projectName);
    case 'unknown_invite':
      return `The bot does not know invite ${escapeMrkdwn(refusal.inviteId)}.`;
    case 'invite_accepted':
      return refusal.meanwhile
        ? `${escapeMrkdwn(refusal.email)} accepted the invite meanwhile; the next sweep adds the projects.`
        : `${escapeMrkdwn(refusal.email)} already accepted this invite.`;
    case 'invite_replaced':
      return `This invite was already replaced by a new one (${escapeMrkdwn(refusal.by ?? 'being sent')}).`;
    case 'onboard_not_allowed':
      return `Only bot admins and the owners of ${escapeMrkdwn(refusal.projectName)} can onboard people into it.`;
    case 'no_such_onboarding':
      return `There is no onboarding ${escapeMrkdwn(refusal.onboardingId)}.`;
    case 'onboard_nothing_to_do':
      return refusal.action === 'retry'
        ? 'Nothing has failed in this onboarding any more; there is nothing to retry.'
        : 'Nobody in this onboarding is waiting on an invite any more.';
    case 'resend_in_progress':
      return 'Someone else is re-sending this invite right now.';
    case 'offboarding_admins_only':
      return `Only bot admins can decide about people who left: ${refusal.botAdmins.map(mention).join(', ') || 'none are configured (ACCESS_ADMINS)'}.`;
    case 'no_such_card':
      return `The bot has no offboarding card ${escapeMrkdwn(refusal.cardId)}.`;
    case 'card_decided':
      return refusal.status === 'reactivated'
        ? 'Nothing to decide any more: this person was reactivated in Slack.'
        : refusal.status === 'removing'
          ? `${refusal.by ? mention(refusal.by) : 'Someone'} is removing this person right now.`
          : `This was already decided (${refusal.status}${refusal.by ? ` by ${mention(refusal.by)}` : ''}).`;
    case 'resend_failed': {
      const problem = escapeMrkdwn(refusal.problem);
      switch (refusal.outcome) {
        case 'nothing_changed':
          return `Could not re-send the invite: ${problem} Nothing was changed; try again.`;
        case 'kept':
          return `Could not re-send the invite: ${problem} The current invite still stands; try again.`;
        case 'retried':
          return `Re-sending failed: ${problem} The bot will try again on its next sweep.`;
        case 'deleted_not_sent':
          return `The old invite was deleted, but the new one could not be sent: ${problem} Click Re-send again in a minute; the next sweep also offers Re-invite.`;
      }
    }
  }
}

function adminsOnlyText(action: string, botAdmins: readonly string[]): string {
  const admins = botAdmins.map(mention).join(', ') || 'none are configured (ACCESS_ADMINS)';
  switch (action) {
    case 'resend_invite':
      return 'Only bot admins (ACCESS_ADMINS) can re-send invites.';
    case 'decide_project_request':
      return `Only bot admins decide on new and archived projects: ${admins}.`;
    case 'retry_project_plan':
      return `Only bot admins can retry a project's set-up: ${admins}.`;
    default:
      return `Only bot admins can list invites: ${admins}.`;
  }
}

function cannotArchiveText(
  reason: 'not_active' | 'not_owner' | 'already_requested',
  projectName: string,
): string {
  const name = `*${escapeMrkdwn(projectName)}*`;
  if (reason === 'not_active')
    return `${name} cannot be archived: it is archived already, or it is OpenAI’s Default project.`;
  if (reason === 'already_requested')
    return `Archiving ${name} was asked for already; the bot admins decide.`;
  return `Only the owners of ${name} (and bot admins) can ask to archive it.`;
}
