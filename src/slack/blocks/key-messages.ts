import type { KnownBlock } from '@slack/types';
import type { KeyFinding, KeyReason, ProjectTier } from '../../domain/key-findings.js';
import { ownerLabel } from '../../services/key-facts.js';
import type { KeyNotice, ShownFinding } from '../../services/key-notices.js';
import { ACCESS_COMMAND, ActionIds } from '../ids.js';
import { escapeAndCut, escapeMrkdwn, mention, slackDate } from './format.js';
import type { SlackMessage } from './message.js';

/** Slack allows 50 blocks a message: a header, a footer, and this many keys. */
export const KEYS_PER_MESSAGE = 40;

const at = (unix: number) => slackDate(new Date(unix * 1000));

export function tierText(tier: ProjectTier | undefined): string {
  return tier ? `tier: ${tier}` : 'no tier set';
}

/** Why a key is reported, in words. */
export function reasonText(reason: KeyReason, limits: { unusedDays: number; maxAgeDays: number }): string {
  switch (reason.kind) {
    case 'owner_left_org':
      return 'its owner is no longer in the OpenAI organization';
    case 'owner_not_in_project':
      return 'its owner no longer has access to this project';
    case 'unused':
      return `unused for ${reason.days} days (limit ${limits.unusedDays})`;
    case 'never_used':
      return `never used, created ${reason.ageDays} days ago`;
    case 'personal_key_in_production':
      return 'a personal key in a production project: production should run on a service account';
    case 'rotation_due':
      return `service-account key ${reason.ageDays} days old: rotation due (limit ${limits.maxAgeDays})`;
  }
}

/** One key as a section: name, redacted value, owner, created, last used, why; Delete key when it can be. */
export function findingBlock(
  projectId: string,
  shown: ShownFinding,
  limits: { unusedDays: number; maxAgeDays: number },
): KnownBlock {
  const { key, reasons } = shown.finding;
  const name = escapeAndCut(key.name || key.id, 80);
  const used = key.lastUsedAt === null ? 'never' : at(key.lastUsedAt);
  const why = reasons.map((r) => reasonText(r, limits)).join('; ');
  const title = shown.deletedBy
    ? `~${name}~ \`${escapeMrkdwn(key.redactedValue)}\` · deleted by ${mention(shown.deletedBy)}`
    : `*${name}* \`${escapeMrkdwn(key.redactedValue)}\``;
  const lines = [
    title,
    `Owner: ${escapeAndCut(ownerLabel(key.owner), 120)} · created ${at(key.createdAt)} · last used ${used}`,
    `Why: ${escapeMrkdwn(why)}`,
  ];
  if (!shown.finding.deletable && !shown.deletedBy) {
    lines.push(
      '_A service account’s key goes with its account: rotate by creating a new service account, then delete the old one._',
    );
  }
  return {
    type: 'section',
    text: { type: 'mrkdwn', text: lines.join('\n') },
    ...(shown.finding.deletable && !shown.deletedBy
      ? {
          accessory: {
            type: 'button',
            action_id: ActionIds.deleteKey,
            text: { type: 'plain_text', text: 'Delete key' },
            style: 'danger',
            value: `${projectId}:${key.id}`,
          },
        }
      : {}),
  } as KnownBlock;
}

/** A list of findings: the first KEYS_PER_MESSAGE as sections, a pointer to the rest. */
export function findingBlocks(
  project: { id: string; name: string },
  findings: readonly ShownFinding[],
  limits: { unusedDays: number; maxAgeDays: number },
): KnownBlock[] {
  const blocks = findings.slice(0, KEYS_PER_MESSAGE).map((f) => findingBlock(project.id, f, limits));
  const more = findings.length - KEYS_PER_MESSAGE;
  if (more > 0) {
    blocks.push(
      context(`…and ${more} more: \`${ACCESS_COMMAND} keys ${escapeMrkdwn(project.name)}\` lists them all.`),
    );
  }
  return blocks;
}

function context(text: string): KnownBlock {
  return { type: 'context', elements: [{ type: 'mrkdwn', text }] };
}

function section(text: string): KnownBlock {
  return { type: 'section', text: { type: 'mrkdwn', text } };
}

export function keyReportMessage(notice: Extract<KeyNotice, { kind: 'keys.report' }>): SlackMessage {
  const name = escapeAndCut(notice.project.name, 150);
  const count = notice.findings.length;
  const text = `:key: ${count} API key${count === 1 ? '' : 's'} of *${name}* need${count === 1 ? 's' : ''} a look (${tierText(notice.project.tier)})`;
  const still =
    notice.stillOpen > 0
      ? `Still open from earlier reports: ${notice.stillOpen} (\`${ACCESS_COMMAND} keys ${name}\` lists every open finding).`
      : 'Nothing else is open for this project.';
  return {
    text,
    blocks: [
      section(`${text}. You get this because you own the project in OpenAI.`),
      ...findingBlocks(notice.project, notice.findings, notice),
      context(still),
    ],
  };
}

export function keySummaryMessage(notice: Extract<KeyNotice, { kind: 'keys.summary' }>): SlackMessage {
  const head = `:key: Key check of ${notice.projectsChecked} project${notice.projectsChecked === 1 ? '' : 's'}: ${notice.newFindings} new finding${notice.newFindings === 1 ? '' : 's'}, still open: ${notice.stillOpen}`;
  const lines = notice.projects
    .slice(0, 30)
    .map(
      (p) =>
        `• *${escapeAndCut(p.name, 60)}* (${tierText(p.tier)}): ${p.newFindings} new, ${p.reachedOwners > 0 ? `told ${p.reachedOwners} owner${p.reachedOwners === 1 ? '' : 's'}` : 'no owner in Slack: the report came here'}`,
    );
  if (notice.projects.length > 30) lines.push(`…and ${notice.projects.length - 30} more projects.`);
  const failed = notice.failures
    .slice(0, 5)
    .map((f) => `• :warning: ${escapeAndCut(f.subject, 60)}: ${escapeAndCut(f.error, 300)}`);
  if (notice.failures.length > 5) failed.push(`…and ${notice.failures.length - 5} more.`);
  const blocks: KnownBlock[] = [section(head)];
  // A section holds 3 000 characters: ten project lines each stay well under it.
  for (let i = 0; i < lines.length; i += 10) blocks.push(section(lines.slice(i, i + 10).join('\n')));
  if (failed.length > 0) blocks.push(section(`Could not check:\n${failed.join('\n')}`));
  blocks.push(
    context(
      `Unchanged findings are not repeated. \`${ACCESS_COMMAND} keys <project>\` shows a project's open findings.`,
    ),
  );
  return { text: head, blocks };
}

/** Short description of a key for a confirmation or an answer. */
export function keyLine(finding: Pick<KeyFinding, 'key'>): string {
  const { key } = finding;
  return `*${escapeAndCut(key.name || key.id, 80)}* \`${escapeMrkdwn(key.redactedValue)}\` of ${escapeAndCut(ownerLabel(key.owner), 120)}`;
}
