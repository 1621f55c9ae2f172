import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import { describeAdminFailure } from '../../openai/admin-errors.js';
import type { KeyActions } from '../../services/key-actions.js';
import type { KeyHygieneSettings } from '../../services/key-hygiene.js';
import type { ProjectTiers } from '../../services/project-tiers.js';
import { failureText } from '../blocks/failure-text.js';
import { keysAnswerMessage, tierAnswerText } from '../blocks/key-answers.js';
import { ACCESS_COMMAND } from '../ids.js';
import type { Respond } from '../respond.js';
import type { KeyCommand } from './parse-access-command.js';

type CommandArgs = Pick<AllMiddlewareArgs & SlackCommandMiddlewareArgs, 'ack' | 'command' | 'logger'> & {
  respond: Respond;
};

/**
 * `/access keys [project]` and `/access project <project> [tier <tier>]`, dispatched from the
 * `/access` listener: ack at once, then read OpenAI and answer privately.
 */
export async function keysCommand(
  services: { keyActions: KeyActions; projectTiers: ProjectTiers; keySettings: KeyHygieneSettings },
  parsed: KeyCommand,
  { ack, command, respond, logger }: CommandArgs,
): Promise<void> {
  if (parsed.kind === 'project' && !parsed.project) {
    await ack({
      response_type: 'ephemeral',
      text: `Name the project: \`${ACCESS_COMMAND} project <project> tier production|staging|development|research\`.`,
    });
    return;
  }
  await ack();
  try {
    if (parsed.kind === 'keys') {
      const answer = await services.keyActions.projectKeys(command.user_id, parsed.project);
      await respond({ response_type: 'ephemeral', ...keysAnswerMessage(answer, services.keySettings) });
      return;
    }
    const answer = await services.projectTiers.answer(command.user_id, {
      project: parsed.project ?? '',
      tier: parsed.tier,
    });
    await respond({ response_type: 'ephemeral', text: tierAnswerText(answer) });
  } catch (error) {
    const what =
      parsed.kind === 'keys' ? 'Could not read the API keys' : "Could not change the project's tier";
    logger.warn(`${what}: ${describeAdminFailure(error)}`);
    await respond({ response_type: 'ephemeral', text: `${what}. ${failureText(error)}` });
  }
}
