// Writing privileged actions to the audit trail (issue 9) from any feature, in one way: who and which
// workspace come from Bolt's arguments here, not in every handler; a failure says why in a few words; and
// a store that cannot write never breaks the handler (the action has happened, the person must still hear).
import {
  MoltflowConnectionError,
  MoltflowHttpError,
  MoltflowRateLimitError,
  MoltflowValidationError,
} from '../api/errors.js';
import type { Logger } from '../log.js';
import type { AuditStore } from '../store/index.js';

/** What recording needs; AppContext has it all. */
export interface AuditDeps {
  store: { readonly audit: AuditStore };
  logger: Logger;
  now: () => Date;
}

/** Who did it: Slack user id and workspace id. */
export interface Actor {
  user: string;
  team: string;
}

/** One privileged action. Targets are ids and short names, never phone numbers or message text. */
export interface AuditEvent {
  /** Dotted, e.g. `group.renamed`. */
  action: string;
  target: string;
  /** `failed` when MoltFlow (or Slack) refused; the reason goes in `detail`. */
  outcome?: 'ok' | 'failed' | 'denied';
  detail?: string;
}

/** The parts of any Bolt listener's arguments that name the person: a command, or an interaction body. */
export type ActorArgs =
  | { command: { user_id: string; team_id: string } }
  | {
      command?: undefined;
      body: { user?: { id: string; team_id?: string } | null; team?: { id?: string } | null };
    };

export function actorOf(args: ActorArgs): Actor {
  if (args.command) return { user: args.command.user_id, team: args.command.team_id };
  const { user, team } = args.body;
  return { user: user?.id ?? '', team: team?.id ?? user?.team_id ?? '' };
}

/** Records `event` as done by `actor` now. Never throws: a trail that cannot be written is logged instead. */
export async function recordAudit(deps: AuditDeps, actor: Actor, event: AuditEvent): Promise<void> {
  try {
    await deps.store.audit.record({
      actor: actor.user,
      team: actor.team,
      action: event.action,
      target: event.target,
      outcome: event.outcome ?? 'ok',
      ...(event.detail ? { detail: event.detail } : {}),
      at: deps.now(),
    });
  } catch (error) {
    deps.logger.warn('could not write to the audit trail', { action: event.action, error });
  }
}

/** recordAudit with the actor read from the listener's arguments. */
export function auditFrom(deps: AuditDeps, args: ActorArgs, event: AuditEvent): Promise<void> {
  return recordAudit(deps, actorOf(args), event);
}

const TARGET_NAME_MAX = 80;

/** `id (name)`: the id finds it again, the name lets a person read the trail. */
export function auditTarget(id: string, name?: string | null): string {
  const short = name?.replace(/\s+/g, ' ').trim().slice(0, TARGET_NAME_MAX);
  return short ? `${id} (${short})` : id;
}

// A run of digits long enough to be a phone number (with the usual separators), wherever MoltFlow puts
// one into an error message: the trail outlives the leads' personal data, so it never keeps one.
const PHONE_LIKE = /\+?\d[\d\s().-]{5,}\d/g;
const REASON_MAX = 160;

/** Why MoltFlow (or anything else) refused, in a few words for the trail's detail. */
export function auditReason(err: unknown): string {
  if (err instanceof MoltflowRateLimitError) return 'MoltFlow rate limit';
  if (err instanceof MoltflowHttpError) {
    const detail = err.detail.replace(PHONE_LIKE, '…').replace(/\s+/g, ' ').trim();
    return `MoltFlow ${err.status}${detail ? `: ${detail}` : ''}`.slice(0, REASON_MAX);
  }
  if (err instanceof MoltflowConnectionError) return 'MoltFlow did not answer';
  if (err instanceof MoltflowValidationError) return 'unexpected answer from MoltFlow';
  return 'unexpected error';
}

/** A failed event: `detail` says what was tried (optional) and why it failed. */
export function auditFailure(
  action: string,
  target: string,
  err: unknown,
  context?: string,
): AuditEvent & { outcome: 'failed' } {
  const reason = auditReason(err);
  return { action, target, outcome: 'failed', detail: context ? `${context}: ${reason}` : reason };
}
