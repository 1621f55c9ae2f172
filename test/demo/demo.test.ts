import { beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ADMIN_KEY, type DemoSummary, RITA_JUSTIFICATION, runDemo } from './demo-story.js';

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
  it('should end with Rita in Protein Folding and Nina in Climate Models, both applied', () => {
    expect(summary.ritaApplied).toBe(true);
    expect(summary.ninaApplied).toBe(true);
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
