import { denyModal } from '../blocks/deny-modal.js';
import type { ListenerServices } from '../listener-services.js';
import { clickListener } from './click-listener.js';

/** Opens the small "reason" modal; the denial itself happens when it is submitted. */
export const denyRequest = ({ decisions, notifier }: ListenerServices) =>
  clickListener(notifier, async (click) => {
    const start = await decisions.startDeny(click.value, click.userId);
    if (!start.ok) return start;
    await click.openModal(denyModal(start.request));
    return { ok: true };
  });
