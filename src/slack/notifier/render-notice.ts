import type { Notice } from '../../services/notices.js';
import { budgetAlertMessage, costsExportedMessage } from '../blocks/budget-messages.js';
import { inviteDigestMessage, joinedInviteMessage } from '../blocks/invite-digest.js';
import {
  closedInviteForRequester,
  closedInviteMessage,
  inviteAcceptedMessage,
  inviteeReminder,
  replacedInviteMessage,
  stalledInviteMessage,
  stillStalledReply,
} from '../blocks/invite-messages.js';
import { keyReportMessage, keySummaryMessage } from '../blocks/key-messages.js';
import type { SlackMessage } from '../blocks/message.js';
import { keysStoppedMessage, offboardingCard } from '../blocks/offboarding-card.js';
import { renderOnboardingNotice } from '../blocks/onboard-card.js';
import { ownerCountMessage } from '../blocks/project-messages.js';
import {
  finalCostReportComment,
  projectRequestCard,
  projectRequestSummary,
} from '../blocks/project-request-messages.js';
import { renderRequestNotice } from '../blocks/request-notices.js';
import { renderServiceAccountNotice } from '../blocks/service-account-text.js';

/** Every notice's message, from the pure Block Kit builders in `slack/blocks/`. */
export function renderNotice(notice: Notice): SlackMessage {
  switch (notice.kind) {
    case 'invite.stalled':
      return stalledInviteMessage(notice);
    case 'invite.still_stalled':
      return stillStalledReply(notice.health);
    case 'invite.reminder':
      return inviteeReminder(notice);
    case 'invite.closed':
      return closedInviteMessage(notice);
    case 'invite.closed_for_requester':
      return closedInviteForRequester(notice);
    case 'invite.accepted':
      return inviteAcceptedMessage(notice.email, notice.waitingAdded);
    case 'invite.digest':
      return inviteDigestMessage(notice);
    case 'invite.joined':
      return joinedInviteMessage(notice);
    case 'invite.replaced':
      return replacedInviteMessage(notice);
    case 'project.owner_count':
      return ownerCountMessage(notice);
    case 'budget.alert':
      return budgetAlertMessage(notice);
    case 'costs.exported':
      return costsExportedMessage(notice);
    case 'project_request.card':
      return projectRequestCard(notice.view, notice.audience);
    case 'project_request.summary':
      return projectRequestSummary(notice.view);
    case 'project_archive.cost_report':
      return finalCostReportComment(notice);
    case 'service_account.key_ready':
    case 'service_account.ending':
    case 'service_account.removed':
    case 'service_account.removal_failed':
      return renderServiceAccountNotice(notice);
    case 'offboarding.card':
      return offboardingCard(notice.view);
    case 'offboarding.keys_stopped':
      return keysStoppedMessage(notice);
    case 'keys.report':
      return keyReportMessage(notice);
    case 'keys.summary':
      return keySummaryMessage(notice);
    case 'onboarding.card':
    case 'onboarding.in':
    case 'onboarding.nudge':
    case 'onboarding.not_in_slack':
      return renderOnboardingNotice(notice);
    default:
      return renderRequestNotice(notice);
  }
}
