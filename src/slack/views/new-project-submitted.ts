import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import type { NewProjectSubmit } from '../../services/project-requests.js';
import { NewProjectModalFields } from '../ids.js';
import type { ListenerServices } from '../listener-services.js';
import { errorsOnFields, inputValue, NOT_ANSWERED, selectedUsers, ViewStateValues } from './view-state.js';

const F = NewProjectModalFields;

/** The new-project form: every field checked where it was typed; stored, then the admins are told. */
export function newProjectSubmitted({ projectRequests }: ListenerServices) {
  return async function newProjectSubmittedListener({
    ack,
    body,
    view,
    logger,
  }: AllMiddlewareArgs & SlackViewMiddlewareArgs<ViewSubmitAction>): Promise<void> {
    const values = ViewStateValues.safeParse(view.state.values);
    if (!values.success) {
      await ack({
        response_action: 'errors',
        errors: { [F.name.block]: 'The form came back unreadable; please try again.' },
      });
      return;
    }
    const v = values.data;
    let result: NewProjectSubmit;
    try {
      result = await projectRequests.submit(body.user.id, {
        name: inputValue(v, F.name),
        purpose: inputValue(v, F.purpose),
        owners: selectedUsers(v, F.owners),
        tier: inputValue(v, F.tier),
        budget: inputValue(v, F.budget),
        models: inputValue(v, F.models),
      });
    } catch (error) {
      logger.error(`Storing a new-project request failed: ${String(error)}`);
      await ack({
        response_action: 'errors',
        errors: {
          [F.name.block]: NOT_ANSWERED,
        },
      });
      return;
    }
    if (!result.ok) {
      const errors = errorsOnFields(F, result.errors);
      await ack({ response_action: 'errors', errors });
      return;
    }
    await ack();
    await projectRequests
      .announce(result.request.id)
      .catch((error: unknown) => logger.error(`Announcing ${result.request.id} failed: ${String(error)}`));
  };
}
