// How a denied request is answered: acknowledged at once, told privately in plain words, and recorded in
// the audit trail after the ack (a store write never delays Slack's 3-second answer).
import type { AllMiddlewareArgs, webApi } from '@slack/bolt';
import type { Role } from '../domain/access.js';
import type { Logger } from '../log.js';
import type { AuditStore } from '../store/index.js';
import { type Actor, actorOf, recordAudit } from './audit.js';
import { md, plain } from './blocks.js';
import { channelOf } from './listener-args.js';
import { replyPrivately } from './private-reply.js';

export type DenialKind = 'command' | 'action' | 'view_submission' | 'view_closed' | 'options';

/** The parts of Bolt's listener arguments a denial needs, whatever the kind. */
interface AnyArgs extends AllMiddlewareArgs {
  ack: (response?: unknown) => Promise<void>;
  respond?: (message: unknown) => Promise<unknown>;
  command?: { user_id: string; team_id: string };
  body: {
    user?: { id: string; team_id?: string };
    team?: { id?: string } | null;
    response_url?: string;
    channel?: { id?: string };
    container?: { channel_id?: string };
  };
}

export interface Denial {
  kind: DenialKind;
  /** The command and word, action id or callback id that was refused. */
  what: string;
  args: AnyArgs;
  role: Role;
  text: string;
}

export function requester(args: AnyArgs): Actor {
  return actorOf(args.command ? { command: args.command } : { body: args.body });
}

export async function denyPrivately(
  denial: Denial,
  deps: { logger: Logger; audit: AuditStore; now: () => Date },
): Promise<void> {
  const { args, text } = denial;
  const who = requester(args);
  switch (denial.kind) {
    case 'command':
      await args.ack({ response_type: 'ephemeral', text });
      break;
    case 'view_submission':
      await args.ack({ response_action: 'update', view: buildDeniedModal(text) });
      break;
    case 'options':
      await args.ack({ options: [] });
      break;
    case 'view_closed':
    case 'action':
      await args.ack();
      break;
  }
  // On record before the person is told, so whoever sees the refusal can also find it in the trail.
  deps.logger.info('request denied', {
    kind: denial.kind,
    what: denial.what,
    user: who.user,
    role: denial.role,
  });
  await recordAudit({ store: { audit: deps.audit }, logger: deps.logger, now: deps.now }, who, {
    action: 'denied',
    target: denial.what,
    outcome: 'denied',
    detail: `needs ${denial.role}`,
  });
  if (denial.kind === 'action') await tellPrivately(args, who.user, text, deps.logger);
}

/**
 * Tells one person something after the ack: through the response_url when there is one (a command, a button
 * in a message), else ephemerally where they were or in their DM (a button or form in a modal).
 */
export async function tellPrivately(
  args: AnyArgs,
  user: string,
  text: string,
  logger: Logger,
): Promise<void> {
  const responseUrl =
    args.body.response_url ?? (args as { command?: { response_url?: string } }).command?.response_url;
  if (responseUrl && args.respond) {
    try {
      await args.respond({ response_type: 'ephemeral', replace_original: false, text });
      return;
    } catch (error) {
      logger.info('response_url refused the denial; replying privately instead', { error });
    }
  }
  await replyPrivately(args.client as webApi.WebClient, logger, {
    channel: channelOf(args.body) ?? null,
    user,
    text,
  });
}

export function buildDeniedModal(text: string) {
  return {
    type: 'modal' as const,
    title: plain('Not allowed'),
    close: plain('Close'),
    blocks: [{ type: 'section' as const, text: md(text) }],
  };
}
