import { NewProjectModalFields, ProjectDecisionModalFields } from '../../src/slack/ids.js';
import { plainText, staticSelect } from '../fakes/slack-request-sender.js';

type Values = Record<string, Record<string, unknown>>;

/** `view.state.values` of the new-project modal, as Slack sends them. */
export function newProjectFormValues(input: {
  name?: string;
  purpose?: string;
  owners?: string[];
  tier?: string;
  budget?: string;
  models?: string;
}): Values {
  const f = NewProjectModalFields;
  const values: Values = {};
  if (input.name !== undefined) values[f.name.block] = { [f.name.action]: plainText(input.name) };
  if (input.purpose !== undefined) values[f.purpose.block] = { [f.purpose.action]: plainText(input.purpose) };
  if (input.owners !== undefined) {
    values[f.owners.block] = {
      [f.owners.action]: { type: 'multi_users_select', selected_users: input.owners },
    };
  }
  if (input.tier !== undefined) values[f.tier.block] = { [f.tier.action]: staticSelect(input.tier) };
  if (input.budget !== undefined) values[f.budget.block] = { [f.budget.action]: plainText(input.budget) };
  if (input.models !== undefined) values[f.models.block] = { [f.models.action]: plainText(input.models) };
  return values;
}

/** The approval modal's values: only what the admin changed (the rest keeps its initial value). */
export function projectDecisionValues(input: { tier?: string; budget?: string; reason?: string }): Values {
  const f = ProjectDecisionModalFields;
  const values: Values = {};
  if (input.tier !== undefined) values[f.tier.block] = { [f.tier.action]: staticSelect(input.tier) };
  if (input.budget !== undefined) values[f.budget.block] = { [f.budget.action]: plainText(input.budget) };
  if (input.reason !== undefined) values[f.reason.block] = { [f.reason.action]: plainText(input.reason) };
  return values;
}
