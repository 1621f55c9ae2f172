import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import type { SubmitResult } from '../../services/request-intake.js';
import { RequestModalFields } from '../ids.js';
import type { ListenerServices } from '../listener-services.js';
import { errorsOnFields, inputValue, NOT_ANSWERED, ViewStateValues } from './view-state.js';

const blockOf = {
  project: RequestModalFields.project.block,
  role: RequestModalFields.role.block,
  justification: RequestModalFields.justification.block,
  endDate: RequestModalFields.endDate.block,
} as const;

export function requestAccessSubmitted({ intake }: ListenerServices) {
  return async function requestAccessSubmittedListener({
    ack,
    body,
    view,
    logger,
  }: AllMiddlewareArgs & SlackViewMiddlewareArgs<ViewSubmitAction>): Promise<void> {
    const values = ViewStateValues.safeParse(view.state.values);
    if (!values.success || !values.data[blockOf.project]) {
      // The loading or "unavailable" version of the modal has no inputs: nothing to store.
      await ack();
      return;
    }
    const form = {
      projectId: inputValue(values.data, RequestModalFields.project),
      role: inputValue(values.data, RequestModalFields.role),
      justification: inputValue(values.data, RequestModalFields.justification),
      endDate: inputValue(values.data, RequestModalFields.endDate),
    };
    let result: SubmitResult;
    try {
      result = await intake.submit(body.user.id, form);
    } catch (error) {
      logger.error(`Storing a request failed: ${String(error)}`);
      await ack({
        response_action: 'errors',
        errors: {
          [blockOf.project]: NOT_ANSWERED,
        },
      });
      return;
    }
    if (!result.ok) {
      const errors = errorsOnFields(RequestModalFields, result.errors);
      await ack({ response_action: 'errors', errors });
      return;
    }
    await ack();
    await intake.announce(result.request.id);
  };
}
