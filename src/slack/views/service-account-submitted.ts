import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import { z } from 'zod';
import type { ServiceAccountSubmit } from '../../services/service-account-requests.js';
import { failureText } from '../blocks/failure-text.js';
import { refusalText } from '../blocks/refusal-text.js';
import { ServiceAccountModalFields } from '../ids.js';
import type { ListenerServices } from '../listener-services.js';
import {
  errorsOnFields,
  inputValue,
  NOT_ANSWERED,
  privateMetadataOf,
  ViewStateValues,
} from './view-state.js';

const blockOf = {
  project: ServiceAccountModalFields.project.block,
  name: ServiceAccountModalFields.name.block,
  purpose: ServiceAccountModalFields.purpose.block,
  endDate: ServiceAccountModalFields.endDate.block,
} as const;

/** The service-account form: checked and stored before the ack (errors land on the fields), then sent to the owners. */
export function serviceAccountSubmitted({ serviceAccounts, intake }: ListenerServices) {
  return async function serviceAccountSubmittedListener({
    ack,
    body,
    view,
    logger,
  }: AllMiddlewareArgs & SlackViewMiddlewareArgs<ViewSubmitAction>): Promise<void> {
    const values = ViewStateValues.safeParse(view.state.values);
    if (!values.success || !values.data[blockOf.project]) {
      await ack();
      return;
    }
    const form = {
      projectId: inputValue(values.data, ServiceAccountModalFields.project),
      name: inputValue(values.data, ServiceAccountModalFields.name),
      purpose: inputValue(values.data, ServiceAccountModalFields.purpose),
      endDate: inputValue(values.data, ServiceAccountModalFields.endDate),
    };
    let result: ServiceAccountSubmit;
    try {
      result = await serviceAccounts.requests.submit(body.user.id, form);
    } catch (error) {
      logger.error(`Storing a service-account request failed: ${String(error)}`);
      await ack({
        response_action: 'errors',
        errors: {
          [blockOf.project]: NOT_ANSWERED,
        },
      });
      return;
    }
    if (!result.ok) {
      const errors = errorsOnFields(ServiceAccountModalFields, result.errors);
      await ack({ response_action: 'errors', errors });
      return;
    }
    await ack();
    await intake.announce(result.request.id);
  };
}

const DeleteMetadata = z.object({ projectId: z.string(), accountId: z.string() });

export function deleteServiceAccountSubmitted({ serviceAccounts, notifier }: ListenerServices) {
  return async function deleteServiceAccountSubmittedListener({
    ack,
    body,
    view,
    logger,
  }: AllMiddlewareArgs & SlackViewMiddlewareArgs<ViewSubmitAction>): Promise<void> {
    await ack();
    const metadata = DeleteMetadata.safeParse(privateMetadataOf(view));
    if (!metadata.success) return;
    let text: string;
    try {
      const answer = await serviceAccounts.admin.delete(
        metadata.data.projectId,
        metadata.data.accountId,
        body.user.id,
      );
      text = answer.ok
        ? 'The service account was deleted; its keys no longer work.'
        : refusalText(answer.refusal);
    } catch (error) {
      logger.error(`Deleting service account ${metadata.data.accountId} failed: ${String(error)}`);
      text = `The service account was not deleted: ${failureText(error)} Please try again.`;
    }
    await notifier.answerPrivately(body.user.id, text).catch(() => undefined);
  };
}
