import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import { z } from 'zod';
import { refusalText } from '../blocks/refusal-text.js';
import { ExtendModalFields } from '../ids.js';
import type { ListenerServices } from '../listener-services.js';
import { inputValue, privateMetadataOf, ViewStateValues } from './view-state.js';

const ExtendMetadata = z.object({ grantId: z.string() });

const blockOf = {
  endDate: ExtendModalFields.endDate.block,
  justification: ExtendModalFields.justification.block,
};

export function extendSubmitted({ extensions, intake }: ListenerServices) {
  return async function extendSubmittedListener({
    ack,
    body,
    view,
  }: AllMiddlewareArgs & SlackViewMiddlewareArgs<ViewSubmitAction>): Promise<void> {
    const metadata = ExtendMetadata.safeParse(privateMetadataOf(view));
    const values = ViewStateValues.safeParse(view.state.values);
    if (!metadata.success || !values.success) {
      await ack({
        response_action: 'errors',
        errors: { [blockOf.endDate]: 'This form is out of date; click Extend again.' },
      });
      return;
    }
    const result = await extensions.submit(metadata.data.grantId, body.user.id, {
      endDate: inputValue(values.data, ExtendModalFields.endDate),
      justification: inputValue(values.data, ExtendModalFields.justification),
    });
    if (!result.ok) {
      const errors =
        'errors' in result
          ? Object.fromEntries(
              Object.entries(result.errors).map(([f, m]) => [blockOf[f as keyof typeof blockOf], m]),
            )
          : { [blockOf.endDate]: refusalText(result.refusal) };
      await ack({ response_action: 'errors', errors });
      return;
    }
    await ack();
    await intake.announce(result.requestId);
  };
}
