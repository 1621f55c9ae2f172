import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import type { ListenerServices } from '../listener-services.js';

/**
 * `user_change` fires on every profile, status or huddle change; the service acts only on the
 * active → deactivated transition (and back), judged against the state it stored.
 */
export function userChange({ offboarding }: ListenerServices) {
  return async function userChangeListener({
    event,
    logger,
  }: AllMiddlewareArgs & SlackEventMiddlewareArgs<'user_change'>): Promise<void> {
    const user = event.user as {
      id: string;
      deleted?: boolean;
      is_bot?: boolean;
      is_app_user?: boolean;
      profile?: { email?: string };
    };
    try {
      await offboarding.slackUserChanged({
        slackId: user.id,
        deleted: user.deleted === true,
        email: user.profile?.email ?? null,
        isBot: user.is_bot === true || user.is_app_user === true,
      });
    } catch (error) {
      // The daily check of Slack accounts raises what this missed.
      logger.error(`Handling user_change of ${user.id} failed: ${String(error)}`);
    }
  };
}
