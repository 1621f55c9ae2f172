import { beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ADMIN_KEY, DENY_REASON, type DemoSummary, RITA_JUSTIFICATION, runDemo } from './demo-story.js';

/** One run of `npm run demo`, its output collected instead of printed. */
let summary: DemoSummary;
let lines: string[];

beforeAll(async () => {
  lines = [];
  summary = await runDemo((line) => lines.push(line));
});

/** The lines of the screen whose header names this person and this kind of view, oldest first. */
function screensOf(header: string): string[] {
  return summary.screens.filter((screen) => screen.split('\n')[0]?.includes(header));
}

describe('npm run demo', () => {
  it('should end with Rita in Protein Folding and Nina in Climate Models, both applied, and Paul denied', () => {
    expect(summary.ritaApplied).toBe(true);
    expect(summary.ninaApplied).toBe(true);
    expect(summary.paulDenied).toBe(true);
    expect(summary.adminCalls).toBeGreaterThan(0);
    expect(summary.slackCalls).toBeGreaterThan(0);
  });

  it('should show Rita the form with the project she named already chosen', () => {
    const [form] = screensOf('Rita Researcher sees (a form opens)');
    expect(form).toContain('=== Request access ===');
    expect(form).toContain('[ Protein Folding ▾ ]');
    expect(form).toContain('[ Send request ]');
  });

  it('should show Olga the request with its justification and buttons, mentions as names', () => {
    const [request] = screensOf('Olga Owner sees (DM from OpenAI Access)');
    expect(request).toContain('*@Rita Researcher asks for access to Protein Folding*');
    expect(request).toContain(RITA_JUSTIFICATION);
    expect(request).toContain('[ Approve ] [ Deny ]');
    for (const line of lines) expect(line).not.toMatch(/<@[UW][A-Z0-9]+>/);
  });

  it("should update Olga's copy to who approved, without buttons, and tell Rita she is in", () => {
    const [updated] = screensOf('Olga Owner sees (her DM, updated in place)');
    expect(updated).toContain('Approved by @Olga Owner');
    expect(updated).toContain('Added to Protein Folding as member.');
    expect(updated).not.toContain('[ Approve ]');
    const ritaIn = lines.find((line) =>
      line.startsWith(":white_check_mark: You're in *Protein Folding*, as member."),
    );
    expect(ritaIn).toContain('Open platform.openai.com and pick the project to start.');
    const [members] = screensOf('OpenAI shows (Protein Folding › Members)');
    expect(members).toContain('• Rita Researcher <rita.researcher@uni.example>: member');
  });

  it('should give Olga one DM about Nina, updated in place with when the invite went out, and the news in its thread', () => {
    // Her copy, never a second message saying the same; the acceptance days later is a thread reply.
    expect(summary.olgaDmsAboutNina).toBe(1);
    const [, ninasCopy] = screensOf('Olga Owner sees (her DM, updated in place)');
    expect(ninasCopy).toContain('*@Nina Newcomer asks for access to Climate Models*');
    expect(ninasCopy).toContain(
      'nina.newcomer@uni.example has not joined the OpenAI organization yet: access is added as soon as they accept the invite OpenAI mailed them on 2026-11-16 09:00 UTC (it expires 2026-11-23 09:00 UTC).',
    );
    expect(screensOf('Olga Owner sees (DM from OpenAI Access)').join('\n')).not.toContain('Nina');
    const [reply] = screensOf('Olga Owner sees (a reply in the thread of the DM about it)');
    expect(reply).toContain(
      '@Nina Newcomer accepted their OpenAI invite and is now in *Climate Models* as member, as you approved.',
    );
  });

  it('should nudge the admins with a Re-send button and remind Nina to look in her spam once the invite stalls', () => {
    const [card, accepted] = screensOf('#openai-admins sees');
    expect(card).toContain(
      ':envelope: *nina.newcomer@uni.example has not accepted their OpenAI invite* (pending for 2 days).',
    );
    expect(card).toContain('Waiting on it: Climate Models (member)');
    expect(card).toContain('[ Re-send invite ]');
    const reminder = screensOf('Nina Newcomer sees (DM from OpenAI Access)').find((s) =>
      s.includes('You have an invitation to the OpenAI organization in your mailbox'),
    );
    expect(reminder).toContain('check your spam folder for a mail from OpenAI');
    expect(reminder).toContain('Waiting for you once you accept: Climate Models (member).');
    // Once she accepts, the same card says so, its button gone.
    expect(accepted).toContain('nina.newcomer@uni.example accepted their OpenAI invite');
    expect(accepted).not.toContain('[ Re-send invite ]');
  });

  it('should tell Nina she is added once she accepts the invite, and say she is in after the sweep', () => {
    const ninas = screensOf('Nina Newcomer sees (DM from OpenAI Access)');
    expect(ninas[0]).toContain(
      "You'll be added to *Climate Models* as member as soon as you accept your invitation to the OpenAI organization",
    );
    expect(ninas.at(-1)).toContain("You're in *Climate Models*, as member.");
    const [invites] = screensOf('OpenAI shows (Organization › Invites)');
    expect(invites).toContain('nina.newcomer@uni.example: pending, joins Climate Models (member)');
    const [members] = screensOf('OpenAI shows (Climate Models › Members)');
    expect(members).toContain('• Nina Newcomer <nina.newcomer@uni.example>: member');
  });

  it("should deny Paul with Olga's reason, in his DM and on Olga's copy", () => {
    const [form] = screensOf('Olga Owner sees (a form opens)');
    expect(form).toContain('Deny @Paul Postdoc member access to *Protein Folding*?');
    const [denied] = screensOf('Paul Postdoc sees (DM from OpenAI Access)');
    expect(denied).toContain(
      `:no_entry: Your request for member access to *Protein Folding* was denied by @Olga Owner. Reason: “${DENY_REASON}”`,
    );
    const olgasCopy = screensOf('Olga Owner sees (her DM, updated in place)').at(-1);
    expect(olgasCopy).toContain('*@Paul Postdoc asks for access to Protein Folding*');
    expect(olgasCopy).toContain(`:no_entry: Denied by @Olga Owner on 2026-11-18 10:00 UTC: “${DENY_REASON}”`);
    expect(olgasCopy).not.toContain('[ Approve ]');
    const [paulsCopy] = screensOf('Paul Postdoc sees (his request, updated in place)');
    expect(paulsCopy).toContain(`Denied by @Olga Owner on 2026-11-18 10:00 UTC: “${DENY_REASON}”`);
  });

  it("should show a project's spend against the soft budget an admin set, with forecast and hard limit", () => {
    const [saved] = screensOf('Ada Admin sees (the budget form, saved)');
    expect(saved).toContain('Soft budget: $400.00 per period, starting on day 1 (UTC)');
    const budget = screensOf('Olga Owner sees (only visible to you)').at(-1);
    expect(budget).toContain('# Protein Folding: budget');
    // $14.25 on each of the 17 whole days since 1 November.
    expect(budget).toContain('*Spent this period:* $242.25 of a $400.00 soft budget (60%)');
    expect(budget).toContain('*Period:* 1 Nov 2026 – 30 Nov 2026 (UTC) · resets 1 Dec 2026, in 13 days');
    expect(budget).toContain('*Forecast at period end:*');
    expect(budget).toContain('*Hard limit (OpenAI):* $600.00 a month · $242.25 used this calendar month');
    expect(budget).toContain('Budget set by @Ada Admin');
  });

  it("should publish the Home tab: Ada's with the stalled invite, Olga's with Paul's request to decide", () => {
    const [adas] = screensOf("Ada Admin sees (the bot's Home tab)");
    expect(adas).toContain('=== Home ===');
    expect(adas).toContain('# Waiting for my decision (0)');
    expect(adas).toContain('# My requests');
    expect(adas).toContain('# For bot admins');
    expect(adas).toContain(
      '*Stalled invites (1):*\n• nina.newcomer@uni.example, invited 2026-11-16 09:00 UTC',
    );
    const [olgas] = screensOf("Olga Owner sees (the bot's Home tab)");
    expect(olgas).toContain('# Waiting for my decision (1)');
    expect(olgas).toContain('@Paul Postdoc asks for *Protein Folding* as member');
    expect(olgas).toContain('[ Approve ] [ Deny ]');
    expect(olgas).not.toContain('# For bot admins');
  });

  it('should answer /access help privately with the sub-commands', () => {
    const [help] = screensOf('Rita Researcher sees (only visible to you)');
    expect(help).toContain('`/access request [project]`');
    expect(help).toContain('`/access help`');
  });

  it('should count the Admin API calls the bot made, and never print the admin key', () => {
    expect(lines.join('\n')).toMatch(/1 × POST \/organization\/projects\/\{project\}\/users/);
    expect(lines.join('\n')).toMatch(/1 × POST \/organization\/invites/);
    for (const line of lines) expect(line).not.toContain(DEMO_ADMIN_KEY);
  });
});
