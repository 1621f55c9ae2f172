import type { AccessRequest, AuditEvent } from '../../db/schema.js';
import { AUDIT_ANSWER_EVENTS, type AuditAnswer } from '../../services/audit-log.js';
import { echoTyped, escapeMrkdwn, mention, slackDate } from './format.js';

function parsed(json: string | null): Record<string, unknown> {
  if (!json) return {};
  try {
    return JSON.parse(json) as Record<string, unknown>;
  } catch {
    return {};
  }
}

const who = (actor: string) => (actor === 'system' ? 'The bot' : mention(actor));

/** One audit event as a sentence: who did what to whom, when. */
export function describeAuditEvent(event: AuditEvent, request: AccessRequest | undefined): string {
  const at = slackDate(event.occurred_at);
  const details = parsed(event.details);
  const subject = request
    ? request.kind !== 'access'
      ? `${mention(request.requester_slack_id)}'s request for the service account “${escapeMrkdwn(request.service_account_name ?? '')}” in *${escapeMrkdwn(request.project_name)}*`
      : `${mention(request.requester_slack_id)}'s request for *${escapeMrkdwn(request.project_name)}* (${request.role})`
    : `${event.subject_type} \`${event.subject_id}\``;
  const person =
    typeof details.email === 'string'
      ? `*${escapeMrkdwn(details.email)}*`
      : `\`${escapeMrkdwn(event.subject_id)}\``;
  const reason =
    typeof details.reason === 'string' && details.reason ? `: “${escapeMrkdwn(details.reason)}”` : '';
  const sentences: Record<string, string> = {
    'request.submitted': `${who(event.actor)} asked for access: ${subject}`,
    'request.approved': `${who(event.actor)} approved ${subject}`,
    'request.denied': `${who(event.actor)} denied ${subject}${reason}`,
    'request.cancelled': `${who(event.actor)} cancelled ${subject}`,
    'request.expired': `${subject} expired undecided`,
    'request.reminded': `The bot reminded the approvers of ${subject}`,
    'request.escalated': `The bot escalated ${subject} to the bot admins`,
    'request.applied': `The bot added ${subject} in OpenAI`,
    'request.awaiting_invite': `${subject} waits for an org invite to be accepted`,
    'request.pre_assigned': `${subject} was pre-assigned to a pending invite`,
    'invite.sent': `The bot sent an org invite for ${subject}`,
    'invite.resent': `${who(event.actor)} re-sent the org invite \`${event.subject_id}\``,
    'grant.ended': `The bot ended ${subject} on its end date`,
    'grant.extended': `${subject} was extended`,
    'budget.set': `${who(event.actor)} set the soft budget of project \`${event.subject_id}\`: ${budgetText(parsed(event.after_state))}`,
    'budget.removed': `${who(event.actor)} removed the soft budget of project \`${event.subject_id}\``,
    'hard_limit.set': `${who(event.actor)} set OpenAI's hard spend limit of project \`${event.subject_id}\``,
    'service_account.requested': `${who(event.actor)} asked for a service account: ${subject}`,
    'service_account_key.requested': `${who(event.actor)} asked for a new key: ${subject}`,
    'service_account_rotation.requested': `${who(event.actor)} started a rotation: ${subject}`,
    'service_account.ready': `${subject} is ready: the requester can see the key once`,
    'service_account_key.ready': `${subject} is ready: the requester can see the key once`,
    'service_account_rotation.ready': `${subject} is ready: the key can be seen once`,
    'service_account.key_shown': `${who(event.actor)} was shown the key of ${subject} (made at that moment, not kept)`,
    'service_account.deleted': `${who(event.actor)} deleted service account \`${event.subject_id}\``,
    'service_account.rotated_out': `${who(event.actor)} confirmed a rotation; old service account \`${event.subject_id}\` deleted`,
    'service_account.ended': `The bot deleted service account \`${event.subject_id}\` on its end date`,
    'hard_limit.removed': `${who(event.actor)} removed OpenAI's hard spend limit of project \`${event.subject_id}\``,
    'offboarding.raised': `The bot told the admins that ${person} was deactivated in Slack`,
    'offboarding.removed': `${who(event.actor)} removed ${person} from the OpenAI organization`,
    'offboarding.removal_failed': `${who(event.actor)} tried to remove ${person} from the OpenAI organization; it failed`,
    'offboarding.kept': `${who(event.actor)} kept ${person} in the OpenAI organization${reason}`,
    'offboarding.reactivated': `${person} was reactivated in Slack before anyone decided`,
    'key.deleted': `${who(event.actor)} deleted API key ${keyText(parsed(event.before_state))} of project \`${event.subject_id}\``,
    'project.tier_set': `${who(event.actor)} set the tier of project \`${event.subject_id}\` to ${escapeMrkdwn(String(parsed(event.after_state).tier ?? '?'))}`,
  };
  return `${at} · ${sentences[event.action] ?? `${who(event.actor)} ${event.action.replace('.', ' ')} ${subject}`}`;
}

/** The key service records `{ key_id, name, redactedValue, owner }` (only `key_id` when the key was gone already). */
function keyText(before: Record<string, unknown>): string {
  const text = (value: unknown) => (typeof value === 'string' ? escapeMrkdwn(value) : '');
  const name = text(before.name) || text(before.key_id);
  const value = text(before.redactedValue);
  const owner = text(before.owner);
  return `${name}${value ? ` (${value})` : ''}${owner ? ` of ${owner}` : ''}`;
}

/** The budget service records `{ amount_cents, reset_day, thresholds }`. */
function budgetText(after: Record<string, unknown>): string {
  if (typeof after.amount_cents !== 'number') return 'changed';
  const day = typeof after.reset_day === 'number' ? `, resets on day ${after.reset_day}` : '';
  return `$${(after.amount_cents / 100).toFixed(2)} a period${day}`;
}

/** `/access audit …` answered: a refusal, the closest project names, or the events, newest first. */
export function auditAnswerText(answer: AuditAnswer): string {
  if (answer.kind === 'refused') return 'Only bot admins can read the audit trail.';
  if (answer.kind === 'unknown_project') {
    const near = answer.suggestions.map((n) => `*${escapeMrkdwn(n)}*`).join(', ');
    return `No project “${echoTyped(answer.typed)}” in the audit trail.${near ? ` Did you mean ${near}?` : ''}`;
  }
  const { about, rows } = answer;
  const heading =
    about.kind === 'person'
      ? `Last ${AUDIT_ANSWER_EVENTS} events by or for <@${about.slackId}>`
      : about.kind === 'project'
        ? `Last ${AUDIT_ANSWER_EVENTS} events of *${escapeMrkdwn(about.projectName)}*`
        : `Last ${AUDIT_ANSWER_EVENTS} events`;
  if (rows.length === 0) return `${heading}: none yet.`;
  return `${heading}, newest first:\n${rows.map((row) => `• ${describeAuditEvent(row.event, row.request)}`).join('\n')}`;
}
