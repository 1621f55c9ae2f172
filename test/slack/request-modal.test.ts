import { describe, expect, it } from 'vitest';
import type { Project } from '../../src/openai/admin-types.js';
import { projectChoices, requestModal } from '../../src/slack/blocks/request-modal.js';

const projects = (count: number, name: (i: number) => string): Project[] =>
  Array.from({ length: count }, (_, i) => ({
    id: `proj_${i}`,
    name: name(i),
    status: 'active',
    created_at: 0,
  }));

describe('projectChoices', () => {
  it('should list up to 100 projects as plain options', () => {
    expect(projectChoices(projects(100, (i) => `P${i}`))).toMatchObject({ options: expect.any(Array) });
  });

  it('should keep every project when more than 100 share a first letter, in groups of at most 100', () => {
    const many = projects(250, (i) => `Alpha ${String(i).padStart(3, '0')}`);
    const choices = projectChoices(many) as {
      option_groups: { label: { text: string }; options: unknown[] }[];
    };
    expect(choices.option_groups.map((g) => g.options.length)).toEqual([100, 100, 50]);
    expect(choices.option_groups.map((g) => g.label.text)).toEqual(['A', 'A', 'A']);
  });

  it('should label a group that spans letters with its first and last initial', () => {
    const mixed = projects(150, (i) => (i < 90 ? `Alpha ${i}` : `Beta ${i}`));
    const choices = projectChoices(mixed) as { option_groups: { label: { text: string } }[] };
    expect(choices.option_groups.map((g) => g.label.text)).toEqual(['A–B', 'B']);
  });

  it('should cut a long label after a whole emoji, never inside one', () => {
    // 73 letters, then a family emoji (one character to a person, 11 UTF-16 units), then more.
    const name = `${'a'.repeat(73)}👨‍👩‍👧‍👦 and more`;
    const choices = projectChoices(projects(1, () => name)) as { options: { text: { text: string } }[] };
    const label = choices.options[0]?.text.text ?? '';
    expect(label.length).toBeLessThanOrEqual(75);
    expect(label).toBe(`${'a'.repeat(73)}…`);
    expect(hasLoneSurrogate(label)).toBe(false);
  });

  it('should label a group by whole first characters when names start with an emoji', () => {
    const many = projects(150, (i) => (i < 100 ? `🚀 Rocket ${i}` : `🧪 Lab ${i}`));
    const choices = projectChoices(many) as { option_groups: { label: { text: string } }[] };
    expect(choices.option_groups.map((g) => g.label.text)).toEqual(['🚀', '🧪']);
  });
});

/** Half of an emoji: a surrogate without its partner. */
function hasLoneSurrogate(text: string): boolean {
  return /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(text);
}

describe('requestModal', () => {
  it('should quote back only the escaped beginning of a long text that named no project', () => {
    const view = requestModal({
      projects: [],
      unmatchedHint: `<!here> ${'z'.repeat(10_000)}`,
      today: '2026-11-21',
    });
    expect(view.blocks[0]).toEqual({
      type: 'context',
      elements: [
        {
          type: 'mrkdwn',
          text: `No project is called “&lt;!here&gt; ${'z'.repeat(72)}…”; pick one from the list.`,
        },
      ],
    });
  });
});
