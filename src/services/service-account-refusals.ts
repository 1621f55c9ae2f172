/** Why a service-account click or command changed nothing (joined into `Refusal`). */
export type ServiceAccountRefusal = {
  kind: 'service_account';
  why:
    | { reason: 'not_yours' }
    | { reason: 'not_ready'; status: string }
    /** Show key was used already: the secret cannot be shown twice. */
    | { reason: 'already_shown'; at: string }
    /** The Show key button is older than SHOW_KEY_HOURS. */
    | { reason: 'window_closed' }
    /** OpenAI refused; nothing was made, the button still works. */
    | { reason: 'failed'; problem: string }
    | { reason: 'owners_and_admins_only'; projectName: string }
    | { reason: 'unknown_account' }
    | { reason: 'unknown_project'; typed: string }
    | { reason: 'not_a_rotation' };
};
