import { z } from 'zod';
import { DATABASE_URL_FORMS, parseDatabaseUrl } from './db/database-url.js';

const SLACK_USER_ID = /^[UW][A-Z0-9]{2,}$/;
const SLACK_CHANNEL_ID = /^[CGD][A-Z0-9]{2,}$/;

/** Where an admin key comes from; only an organization owner can create one. */
const CREATE_ADMIN_KEY =
  "an organization owner creates one in OpenAI's platform: Settings → Organization → Admin keys " +
  '(https://platform.openai.com/settings/organization/admin-keys)';

const PORT_RANGE = 'must be a port number from 1 to 65535';

const positiveInt = (defaultValue: number) =>
  z.coerce
    .number({ error: 'must be a whole number' })
    .int({ error: 'must be a whole number' })
    .positive({
      error: 'must be greater than 0',
    })
    .default(defaultValue);

const slackUserIdList = z
  .string()
  .default('')
  .transform((raw) =>
    raw
      .split(',')
      .map((id) => id.trim())
      .filter((id) => id.length > 0),
  )
  .refine((ids) => ids.every((id) => SLACK_USER_ID.test(id)), {
    message: 'must be Slack user ids separated by commas, e.g. U012ABCDEF,U034GHIJKL',
  });

const booleanFlag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no', ''])
  .default('false')
  .transform((raw) => raw === 'true' || raw === '1' || raw === 'yes');

/**
 * The outside contract of DESIGN.md: every setting the bot reads, with its default.
 * This schema is the single source of the setting names; `Config` is inferred from it.
 */
export const ConfigSchema = z
  .object({
    SLACK_BOT_TOKEN: z.string({ error: 'is required (the bot token, xoxb-…)' }).startsWith('xoxb-', {
      error: 'must be a bot token starting with xoxb-',
    }),
    SLACK_SIGNING_SECRET: z.string().min(1, { error: 'must not be empty' }).optional(),
    SLACK_APP_TOKEN: z
      .string()
      .startsWith('xapp-', { error: 'must be an app-level token starting with xapp-' })
      .optional(),
    SLACK_API_URL: z
      .url({ error: 'must be a URL such as https://slack.com/api/' })
      .default('https://slack.com/api/'),
    OPENAI_ADMIN_KEY: z
      .string({ error: `is required: an organization admin key (sk-admin-…); ${CREATE_ADMIN_KEY}` })
      // A project or user key (sk-proj-…, sk-…) cannot call the Administration API at all.
      .startsWith('sk-admin-', {
        error: `must be an organization admin key (sk-admin-…), not a project or user key; ${CREATE_ADMIN_KEY}`,
        abort: true,
      })
      .min(20, { error: 'is too short to be an admin key' }),
    OPENAI_BASE_URL: z
      .url({ error: 'must be a URL such as https://api.openai.com/v1' })
      .default('https://api.openai.com/v1'),
    DATABASE_URL: z
      .string()
      .default('sqlite:./data/access-bot.sqlite')
      .refine((url) => parseDatabaseUrl(url) !== undefined, { message: DATABASE_URL_FORMS }),
    PORT: z.coerce
      .number({ error: PORT_RANGE })
      .int({ error: PORT_RANGE })
      .min(1, { error: PORT_RANGE })
      .max(65535, { error: PORT_RANGE })
      .default(3000),
    ACCESS_ADMINS: slackUserIdList,
    ADMIN_CHANNEL: z
      .string()
      .regex(SLACK_CHANNEL_ID, { error: 'must be a Slack channel id such as C012ABCDEF' })
      .optional(),
    ALLOW_SELF_APPROVAL: booleanFlag,
    SWEEP_INTERVAL_SECONDS: positiveInt(300),
    ACCEPT_POLL_SECONDS: positiveInt(30),
    BUDGET_SWEEP_SECONDS: positiveInt(3600),
    STALL_AFTER_HOURS: positiveInt(48),
    ONBOARD_INVITES_PER_SECOND: positiveInt(5),
    REMIND_AFTER_HOURS: positiveInt(24),
    ESCALATE_AFTER_HOURS: positiveInt(72),
    REQUEST_TTL_DAYS: positiveInt(7),
    KEY_UNUSED_DAYS: positiveInt(90),
    KEY_MAX_AGE_DAYS: positiveInt(365),
    KEY_REPORT_INTERVAL_DAYS: positiveInt(7),
    LOG_LEVEL: z
      .enum(['debug', 'info', 'warn', 'error'], { error: 'must be one of debug, info, warn, error' })
      .default('info'),
  })
  .superRefine((config, ctx) => {
    if (config.ESCALATE_AFTER_HOURS <= config.REMIND_AFTER_HOURS) {
      ctx.addIssue({
        code: 'custom',
        path: ['ESCALATE_AFTER_HOURS'],
        message: `must be later than REMIND_AFTER_HOURS (${config.REMIND_AFTER_HOURS})`,
      });
    }
  });

export type Config = z.infer<typeof ConfigSchema>;

/** Thrown at start-up; its message names every bad setting, so one restart fixes them all. */
export class ConfigError extends Error {
  override name = 'ConfigError';
  constructor(readonly problems: readonly string[]) {
    super(
      `The bot cannot start: ${problems.length} setting${problems.length === 1 ? ' is' : 's are'} missing or invalid:\n` +
        problems.map((problem) => `  - ${problem}`).join('\n'),
    );
  }
}

/** Parses the environment; empty strings count as unset so `FOO=` in a .env file means "use the default". */
export function loadConfig(env: Record<string, string | undefined>): Config {
  const present = Object.fromEntries(
    Object.entries(env).filter(([, value]) => value !== undefined && value !== ''),
  );
  const result = ConfigSchema.safeParse(present);
  const problems = result.success
    ? []
    : result.error.issues.map((issue) => {
        const setting = String(issue.path[0] ?? 'settings');
        const absent = !(setting in present);
        const message = absent && !issue.message.startsWith('is required') ? 'is required' : issue.message;
        return `${setting} ${message}`;
      });
  // Checked on the raw values so it is reported together with every other problem.
  if (!present.SLACK_APP_TOKEN && !present.SLACK_SIGNING_SECRET) {
    problems.push(
      'SLACK_SIGNING_SECRET is required in HTTP mode (set it, or set SLACK_APP_TOKEN for Socket Mode)',
    );
  }
  if (result.success && problems.length === 0) return result.data;
  throw new ConfigError(problems);
}
