import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import type { ModalView } from '@slack/types';
import type { ProjectRequests } from '../../services/project-requests.js';
import { echoTyped, escapeMrkdwn } from '../blocks/format.js';
import { archiveProjectModal, newProjectModal } from '../blocks/project-modals.js';
import { refusalText } from '../blocks/refusal-text.js';
import { ACCESS_COMMAND, ViewCallbackIds } from '../ids.js';
import { openModalThenFill } from '../open-modal.js';
import type { Respond } from '../respond.js';
import type { AccessCommand } from './parse-access-command.js';

type CommandArgs = Pick<
  AllMiddlewareArgs & SlackCommandMiddlewareArgs,
  'ack' | 'command' | 'client' | 'logger'
> & {
  respond: Respond;
};

export type ProjectCommand = Extract<AccessCommand, { kind: 'new-project' | 'archive' }>;

const noticeModal = (text: string): ModalView => ({
  type: 'modal',
  callback_id: ViewCallbackIds.archiveProject,
  title: { type: 'plain_text', text: 'Archive project' },
  close: { type: 'plain_text', text: 'Close' },
  blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }],
});

/** `/access new-project` and `/access archive <project>`, dispatched from the `/access` listener. */
export async function projectCommand(
  services: { projectRequests: ProjectRequests },
  parsed: ProjectCommand,
  { ack, command, client, logger, respond }: CommandArgs,
): Promise<void> {
  if (parsed.kind === 'new-project') {
    await ack();
    try {
      await client.views.open({ trigger_id: command.trigger_id, view: newProjectModal() });
    } catch (error) {
      logger.error(`Could not open the new-project form: ${String(error)}`);
      await respond({
        response_type: 'ephemeral',
        text: 'Slack would not open the new-project form; please try again.',
      });
    }
    return;
  }
  if (!parsed.project) {
    await ack({
      response_type: 'ephemeral',
      text: `Name the project to archive: \`${ACCESS_COMMAND} archive <project>\`.`,
    });
    return;
  }
  const typed = parsed.project;
  await ack();
  const opened = await openModalThenFill(
    { client, logger, triggerId: command.trigger_id },
    {
      what: 'archive confirmation',
      loading: noticeModal(':hourglass_flowing_sand: Looking the project up in OpenAI…'),
      fill: async () => {
        const start = await services.projectRequests.archiveForm(command.user_id, typed);
        if (start.ok) return archiveProjectModal(start);
        if ('refusal' in start) return noticeModal(refusalText(start.refusal));
        const close = start.suggestions.map((name) => `*${escapeMrkdwn(name)}*`).join(', ');
        return noticeModal(
          `No project is called “${echoTyped(start.unknown)}”.${close ? ` Did you mean ${close}?` : ''}`,
        );
      },
      unavailable: (reason) => noticeModal(`:warning: ${escapeMrkdwn(reason)}`),
    },
  );
  if (!opened) {
    await respond({
      response_type: 'ephemeral',
      text: 'Slack would not open the archive confirmation; please try again.',
    });
  }
}
