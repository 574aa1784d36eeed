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

export async function auditGroupCreated(
  deps: AuditDeps,
  actor: Actor,
  outcome: CreateOutcome,
  requested: number,
): Promise<void> {
  const stopped = outcome.error === undefined ? '' : `; the rest stopped: ${auditReason(outcome.error)}`;
  await recordAudit(deps, actor, {
    action: 'group.created',
    target: auditTarget(outcome.group.id, outcome.group.name),
    outcome: stopped ? 'failed' : 'ok',
    detail: `${count(outcome.sent)} of ${contacts(requested)}${stopped}`,
  });
}

export async function auditMembersAdded(
  deps: AuditDeps,
  actor: Actor,
  group: Group,
  requested: number,
  outcome: AddOutcome,
): Promise<void> {
  const stopped = outcome.error === undefined ? '' : `; the rest stopped: ${auditReason(outcome.error)}`;
  await recordAudit(deps, actor, {
    action: 'group.members_added',
    target: auditTarget(group.id, group.name),
    outcome: stopped ? 'failed' : 'ok',
    detail: `${count(outcome.sent)} of ${contacts(requested)} sent, ${count(outcome.added)} new${stopped}`,
  });
}

export async function auditMembersRemoved(
  deps: AuditDeps,
  actor: Actor,
  group: Group,
  requested: number,
  outcome: RemoveOutcome,
): Promise<void> {
  await recordAudit(deps, actor, {
    action: 'group.members_removed',
    target: auditTarget(group.id, group.name),
    detail: `${contacts(requested)} asked, ${count(outcome.removed)} removed, ${count(outcome.notMembers)} not members`,
  });
}

export async function auditMembersFailed(
  deps: AuditDeps,
  actor: Actor,
  mode: 'add' | 'remove',
  group: Group,
  requested: number,
  err: unknown,
): Promise<void> {
  const action = mode === 'add' ? 'group.members_added' : 'group.members_removed';
  const context = contacts(requested);
  await recordAudit(deps, actor, auditFailure(action, auditTarget(group.id, group.name), err, context));
}
