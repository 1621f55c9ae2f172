/**
 * Vitest setup file (vitest.config.ts), run in the test process before each test file: forget what the
 * shell exported for the bot (see test/support/controlled-env.ts). `scrubbed` says what was removed.
 */
import { scrubInheritedEnv } from './controlled-env.js';

export const scrubbed: readonly string[] = scrubInheritedEnv();
