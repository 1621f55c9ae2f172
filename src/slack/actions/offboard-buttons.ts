import { keepReasonModal, removeConfirmModal } from '../blocks/offboarding-modals.js';
import type { ListenerServices } from '../listener-services.js';
import { clickListener } from './click-listener.js';

/** Remove from OpenAI / Retry removal: a confirmation modal naming what goes; the removal happens on submit. */
export const offboardRemove = ({ offboardingDecisions, notifier }: ListenerServices) =>
  clickListener(notifier, async (click) => {
    const start = await offboardingDecisions.start(click.value, click.userId);
    if (!start.ok) return start;
    await click.openModal(removeConfirmModal(start.view));
    return { ok: true };
  });

/** Keep: a modal asking why; recorded on submit. */
export const offboardKeep = ({ offboardingDecisions, notifier }: ListenerServices) =>
  clickListener(notifier, async (click) => {
    const start = await offboardingDecisions.start(click.value, click.userId);
    if (!start.ok) return start;
    await click.openModal(keepReasonModal(start.view));
    return { ok: true };
  });
