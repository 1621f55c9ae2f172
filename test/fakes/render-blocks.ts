/**
 * A small, readable text rendering of Block Kit, for demos and for assertions on "what the person sees".
 *
 * Example:
 *   renderBlocksAsText(message.blocks, message.text, { userName: (id) => fake.userName(id) })
 *   // # Access request
 *   // @alice asks for *member* on proj_1
 *   // [ Approve ] [ Deny ]
 */

export interface RenderOptions {
  /** Maps `<@U123>` mentions to a name (shown as `@name`); unknown ids stay as `<@U123>`. */
  userName?: (userId: string) => string | undefined;
}

type Json = Record<string, unknown>;

const isRecord = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const DIVIDER = '─'.repeat(40);

/** Slack's mrkdwn entities turned into what a reader sees; formatting marks (`*bold*`, `_it_`) are kept. */
export function renderMrkdwn(text: string, options: RenderOptions = {}): string {
  return (
    text
      // <!date^1700000000^{date_short}|Nov 14> → the fallback text.
      .replace(/<!date\^[^|>]*\|([^>]*)>/g, '$1')
      .replace(/<!date\^[^>]*>/g, '(a date)')
      .replace(/<@([UW][A-Z0-9]+)(?:\|([^>]*))?>/g, (whole, id: string, label?: string) => {
        const name = options.userName?.(id) ?? label;
        return name ? `@${name}` : whole;
      })
      .replace(/<#([CGD][A-Z0-9]+)(?:\|([^>]*))?>/g, (_whole, id: string, name?: string) => `#${name || id}`)
      .replace(/<!subteam\^[A-Z0-9]+(?:\|([^>]*))?>/g, (_whole, name?: string) => name ?? '@group')
      .replace(/<!(here|channel|everyone)(?:\|[^>]*)?>/g, '@$1')
      .replace(/<(mailto:)?([^|>]+)\|([^>]+)>/g, (_whole, _mailto, url: string, label: string) =>
        label === url ? label : `${label} (${url})`,
      )
      .replace(/<((?:https?|mailto):[^>]+)>/g, '$1')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&amp;/g, '&')
  );
}

function textOf(value: unknown, options: RenderOptions): string {
  if (typeof value === 'string') return value;
  if (!isRecord(value)) return '';
  const text = typeof value.text === 'string' ? value.text : '';
  return value.type === 'mrkdwn' ? renderMrkdwn(text, options) : text;
}

function optionText(value: unknown, options: RenderOptions): string {
  return isRecord(value) ? textOf(value.text, options) : '';
}

/** One interactive element as a short bracketed token: `[ Approve ]`, `[ Choose a project ▾ ]`. */
function renderElement(element: unknown, options: RenderOptions): string {
  if (!isRecord(element)) return '';
  const placeholder = textOf(element.placeholder, options);
  switch (element.type) {
    case 'button':
      return `[ ${textOf(element.text, options)} ]`;
    case 'static_select':
    case 'external_select':
    case 'users_select':
    case 'conversations_select':
    case 'channels_select':
    case 'multi_static_select':
    case 'multi_external_select':
    case 'multi_users_select': {
      const chosen = optionText(element.initial_option, options) || placeholder || 'Select';
      return `[ ${chosen} ▾ ]`;
    }
    case 'overflow':
      return '[ … ]';
    case 'datepicker':
      return `[ ${typeof element.initial_date === 'string' ? element.initial_date : placeholder || 'Pick a date'} ]`;
    case 'timepicker':
      return `[ ${typeof element.initial_time === 'string' ? element.initial_time : placeholder || 'Pick a time'} ]`;
    case 'radio_buttons':
    case 'checkboxes': {
      const initial = isRecord(element.initial_option) ? element.initial_option.value : undefined;
      const opts = Array.isArray(element.options) ? element.options : [];
      const mark = element.type === 'radio_buttons' ? ['( )', '(•)'] : ['[ ]', '[x]'];
      return opts
        .map(
          (opt) =>
            `${isRecord(opt) && opt.value === initial ? mark[1] : mark[0]} ${optionText(opt, options)}`,
        )
        .join('  ');
    }
    case 'plain_text_input':
    case 'number_input':
    case 'email_text_input':
    case 'url_text_input':
      return typeof element.initial_value === 'string' && element.initial_value !== ''
        ? `[${element.initial_value}]`
        : placeholder
          ? `____ (${placeholder})`
          : '____';
    case 'image':
      return `[image: ${typeof element.alt_text === 'string' ? element.alt_text : ''}]`;
    default:
      return `[${String(element.type)}]`;
  }
}

function richTextOf(value: unknown, options: RenderOptions): string {
  if (Array.isArray(value)) return value.map((item) => richTextOf(item, options)).join('');
  if (!isRecord(value)) return '';
  switch (value.type) {
    case 'text':
      return typeof value.text === 'string' ? value.text : '';
    case 'user':
      return renderMrkdwn(`<@${String(value.user_id)}>`, options);
    case 'channel':
      return `#${String(value.channel_id)}`;
    case 'link':
      return typeof value.text === 'string' ? `${value.text} (${String(value.url)})` : String(value.url);
    case 'emoji':
      return `:${String(value.name)}:`;
    case 'rich_text_list':
      return `${(Array.isArray(value.elements) ? value.elements : []).map((item) => `• ${richTextOf(item, options)}`).join('\n')}\n`;
    default:
      return richTextOf(value.elements, options);
  }
}

function renderBlock(block: unknown, options: RenderOptions): string[] {
  if (!isRecord(block)) return [];
  switch (block.type) {
    case 'header':
      return [`# ${textOf(block.text, options)}`];
    case 'section': {
      const lines: string[] = [];
      const text = block.text !== undefined ? textOf(block.text, options) : '';
      const accessory = block.accessory !== undefined ? renderElement(block.accessory, options) : '';
      if (text) lines.push(accessory ? `${text}  ${accessory}` : text);
      else if (accessory) lines.push(accessory);
      for (const field of Array.isArray(block.fields) ? block.fields : []) {
        lines.push(`  ${textOf(field, options).replace(/\n/g, ' ')}`);
      }
      return lines;
    }
    case 'context': {
      const parts = (Array.isArray(block.elements) ? block.elements : []).map((element) =>
        isRecord(element) && element.type === 'image' ? '' : textOf(element, options),
      );
      return [`  ${parts.filter(Boolean).join('  ')}`];
    }
    case 'divider':
      return [DIVIDER];
    case 'actions':
      return [
        (Array.isArray(block.elements) ? block.elements : [])
          .map((element) => renderElement(element, options))
          .join(' '),
      ];
    case 'input': {
      const label = textOf(block.label, options);
      const optional = block.optional === true ? ' (optional)' : '';
      const lines = [`${label}${optional}: ${renderElement(block.element, options)}`];
      if (block.hint !== undefined) lines.push(`  ${textOf(block.hint, options)}`);
      return lines;
    }
    case 'image':
      return [`[image: ${typeof block.alt_text === 'string' ? block.alt_text : ''}]`];
    case 'markdown':
      return [typeof block.text === 'string' ? renderMrkdwn(block.text, options) : ''];
    case 'rich_text':
      return [richTextOf(block.elements, options).replace(/\n$/, '')];
    default:
      return [`[${String(block.type)} block]`];
  }
}

/**
 * Blocks as lines of text; with no blocks, the fallback `text` (as Slack shows it).
 * Mentions go through `options.userName`; `<!date^…|fallback>` shows its fallback.
 */
export function renderBlocksAsText(
  blocks: unknown[] | undefined,
  fallbackText?: string,
  options: RenderOptions = {},
): string {
  if (!blocks || blocks.length === 0)
    return fallbackText === undefined ? '' : renderMrkdwn(fallbackText, options);
  return blocks.flatMap((block) => renderBlock(block, options)).join('\n');
}

/** A modal or Home tab: title, blocks, then the close/submit buttons of a modal. */
export function renderViewAsText(view: unknown, options: RenderOptions = {}): string {
  if (!isRecord(view)) return '';
  const blocks = Array.isArray(view.blocks) ? view.blocks : [];
  const title = view.type === 'home' ? 'Home' : textOf(view.title, options) || 'Modal';
  const lines = [`=== ${title} ===`, renderBlocksAsText(blocks, undefined, options)];
  if (view.type !== 'home') {
    const buttons = [
      `[ ${textOf(view.close, options) || 'Cancel'} ]`,
      ...(view.submit ? [`[ ${textOf(view.submit, options)} ]`] : []),
    ];
    lines.push(buttons.join(' '));
  }
  return lines.filter((line) => line !== '').join('\n');
}
