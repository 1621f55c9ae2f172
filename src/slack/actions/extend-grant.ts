import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { ExtensionService } from '../../services/extensions.js';
import { tellClicker } from './tell-clicker.js';

export function extendGrant(services: { extensions: ExtensionService }) {
  return async function extendGrantListener({
    ack,
    action,
    body,
    respond,
    client,
  }: AllMiddlewareArgs & SlackActionMiddlewareArgs<BlockAction<ButtonAction>>): Promise<void> {
    await ack();
    const form = await services.extensions.form(action.value ?? '', body.user.id);
    if ('ok' in form) {
      if (!form.ok) await tellClicker({ body, respond, client }, form.text);
      return;
    }
    await client.views.open({ trigger_id: body.trigger_id, view: form });
  };
}
