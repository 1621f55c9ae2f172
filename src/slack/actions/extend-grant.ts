import type { ExtensionService } from '../../services/extensions.js';
import { clickListener } from './click-listener.js';

export const extendGrant = (services: { extensions: ExtensionService }) =>
  clickListener((click) => services.extensions.openForm(click.value, click.userId, click.triggerId));
