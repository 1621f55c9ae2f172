import { approveProjectModal, denyProjectModal } from '../blocks/project-modals.js';
import type { ListenerServices } from '../listener-services.js';
import { clickListener } from './click-listener.js';

/** Approve… on a project request card: a bot admin (checked now) gets the approval modal. */
export const approveProjectRequest = ({ projectRequests, notifier }: ListenerServices) =>
  clickListener(notifier, async (click) => {
    const start = await projectRequests.startDecision(click.userId, click.value);
    if (!start.ok) return start;
    await click.openModal(approveProjectModal(start.request));
    return { ok: true };
  });

export const denyProjectRequest = ({ projectRequests, notifier }: ListenerServices) =>
  clickListener(notifier, async (click) => {
    const start = await projectRequests.startDecision(click.userId, click.value);
    if (!start.ok) return start;
    await click.openModal(denyProjectModal(start.request));
    return { ok: true };
  });

/** Retry on a plan whose step failed: runs again from that step. */
export const retryProjectPlan = ({ projectRequests, notifier }: ListenerServices) =>
  clickListener(notifier, (click) => projectRequests.retry(click.userId, click.value));
