// What /groups writes to the audit trail, shared by the forms and the inline commands: group changes with
// counts only. The contacts themselves (phone numbers) never go into the trail, which outlives them.
import {
  type Actor,
  type AuditDeps,
  auditFailure,
  auditReason,
  auditTarget,
  recordAudit,
} from '../../slack/audit.js';
import type { AddOutcome, CreateOutcome, RemoveOutcome } from './group-member-changes.js';

type Group = { id: string; name: string | null };
const count = (n: number | null) => (n === null ? '?' : n.toLocaleString('en-US'));
const contacts = (n: number) => `${count(n)} contact${n === 1 ? '' : 's'}`;

export function auditGroupCreated(
  deps: AuditDeps,
  actor: Actor,
  outcome: CreateOutcome,
  requested: number,
): void {
  const stopped = outcome.error === undefined ? '' : `; the rest stopped: ${auditReason(outcome.error)}`;
  recordAudit(deps, actor, {
    action: 'group.created',
    target: auditTarget(outcome.group.id, outcome.group.name),
    outcome: stopped ? 'failed' : 'ok',
    detail: `${count(outcome.sent)} of ${contacts(requested)}${stopped}`,
  });
}

export function auditMembersAdded(
  deps: AuditDeps,
  actor: Actor,
  group: Group,
  requested: number,
  outcome: AddOutcome,
): void {
  const stopped = outcome.error === undefined ? '' : `; the rest stopped: ${auditReason(outcome.error)}`;
  recordAudit(deps, actor, {
    action: 'group.members_added',
    target: auditTarget(group.id, group.name),
    outcome: stopped ? 'failed' : 'ok',
    detail: `${count(outcome.sent)} of ${contacts(requested)} sent, ${count(outcome.added)} new${stopped}`,
  });
}

export function auditMembersRemoved(
  deps: AuditDeps,
  actor: Actor,
  group: Group,
  requested: number,
  outcome: RemoveOutcome,
): void {
  recordAudit(deps, actor, {
    action: 'group.members_removed',
    target: auditTarget(group.id, group.name),
    detail: `${contacts(requested)} asked, ${count(outcome.removed)} removed, ${count(outcome.notMembers)} not members`,
  });
}

export function auditMembersFailed(
  deps: AuditDeps,
  actor: Actor,
  mode: 'add' | 'remove',
  group: Group,
  requested: number,
  err: unknown,
): void {
  const action = mode === 'add' ? 'group.members_added' : 'group.members_removed';
  const context = contacts(requested);
  recordAudit(deps, actor, auditFailure(action, auditTarget(group.id, group.name), err, context));
}
