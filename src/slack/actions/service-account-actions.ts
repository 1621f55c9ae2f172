import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { failureText } from '../blocks/failure-text.js';
import { refusalText } from '../blocks/refusal-text.js';
import {
  deleteServiceAccountModal,
  keyLoadingModal,
  keyModal,
  keyRefusedModal,
} from '../blocks/service-account-modals.js';
import type { ListenerServices } from '../listener-services.js';
import { clickListener } from './click-listener.js';

/** `<project id>:<account id>`: only names what was clicked; the service decides who may act. */
function accountOf(value: string): { projectId: string; accountId: string } {
  const [projectId = '', accountId = ''] = value.split(':');
  return { projectId, accountId };
}

/**
 * Show key: the modal is opened at once on the click's trigger (valid 3 s), before anything is
 * made; then the key is made and the modal updated with it. That `views.update` is the only
 * place the secret ever goes. If Slack will not open the modal, nothing is made.
 */
export function showKey({ serviceAccounts, notifier }: ListenerServices) {
  return async function showKeyClicked({
    ack,
    action,
    body,
    client,
    logger,
  }: AllMiddlewareArgs & SlackActionMiddlewareArgs<BlockAction<ButtonAction>>): Promise<void> {
    await ack();
    const requestId = action.value ?? '';
    let viewId: string | undefined;
    try {
      viewId = (await client.views.open({ trigger_id: body.trigger_id, view: keyLoadingModal() })).view?.id;
    } catch (error) {
      logger.error(`Could not open the key window for ${requestId}: ${String(error)}`);
    }
    if (!viewId) {
      await notifier
        .answerPrivately(
          body.user.id,
          'Slack would not open the key window, so no key was made. Click Show key again.',
        )
        .catch(() => undefined);
      return;
    }
    let outcome: Awaited<ReturnType<typeof serviceAccounts.keys.showKey>>;
    try {
      outcome = await serviceAccounts.keys.showKey(requestId, body.user.id);
    } catch (error) {
      logger.error(`Show key for ${requestId} failed: ${String(error)}`);
      await client.views
        .update({
          view_id: viewId,
          view: keyRefusedModal(
            `That did not work: ${failureText(error)} Click Show key again in a minute.`,
            undefined,
          ),
        })
        .catch(() => undefined);
      return;
    }
    const view = outcome.ok
      ? keyModal({
          requestId: outcome.key.requestId,
          projectName: outcome.key.projectName,
          accountName: outcome.key.accountName,
          keyId: outcome.key.keyId,
          secret: outcome.key.secret.reveal(),
          rotation: outcome.key.replaces !== null,
          roleNone: outcome.key.roleNone,
        })
      : keyRefusedModal(refusalText(outcome.refusal), outcome.offerNewKey ? requestId : undefined);
    try {
      await client.views.update({ view_id: viewId, view });
    } catch (error) {
      // The error names Slack's code, never the view it was sent.
      logger.error(
        `Could not put the key of ${requestId} into its window: ${(error as { code?: string }).code ?? 'error'}`,
      );
      if (outcome.ok) {
        await notifier
          .answerPrivately(
            body.user.id,
            'Slack did not show the new key, and it cannot be shown again. Use Create a new key on the Show key message’s window, or ask again with /access service-account.',
          )
          .catch(() => undefined);
      }
    }
  };
}

export const newKey = ({ serviceAccounts, notifier }: ListenerServices) =>
  clickListener(notifier, (click) => serviceAccounts.requests.askForNewKey(click.value, click.userId));

export const rotateServiceAccount = ({ serviceAccounts, notifier }: ListenerServices) =>
  clickListener(notifier, (click) => {
    const { projectId, accountId } = accountOf(click.value);
    return serviceAccounts.admin.rotate(projectId, accountId, click.userId);
  });

export const confirmRotation = ({ serviceAccounts, notifier }: ListenerServices) =>
  clickListener(notifier, (click) => serviceAccounts.keys.confirmRotation(click.value, click.userId));

/** Opens the confirmation; the delete happens when it is submitted (authorized again then). */
export const deleteServiceAccount = ({ serviceAccounts, notifier }: ListenerServices) =>
  clickListener(notifier, async (click) => {
    const { projectId, accountId } = accountOf(click.value);
    const start = await serviceAccounts.admin.startDelete(projectId, accountId, click.userId);
    if (!start.ok) return start;
    await click.openModal(
      deleteServiceAccountModal({
        projectId: start.projectId,
        projectName: start.projectName,
        accountId: start.account.id,
        accountName: start.account.name,
      }),
    );
    return { ok: true };
  });
