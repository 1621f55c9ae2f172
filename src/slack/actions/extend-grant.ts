import { extendModal } from '../blocks/request-modal.js';
import type { ListenerServices } from '../listener-services.js';
import { clickListener } from './click-listener.js';

/** "Extend" on the 24-hour warning: the form, for the person who holds the access. */
export const extendGrant = ({ extensions, notifier }: ListenerServices) =>
  clickListener(notifier, async (click) => {
    const found = await extensions.form(click.value, click.userId);
    if (!found.ok) return found;
    await click.openModal(extendModal(found.form));
    return { ok: true };
  });
