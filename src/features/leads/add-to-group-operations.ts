// Adding leads to a custom group, shared by the card's "Add to group" modal and `/leads bulk`. The bulk
// endpoint needs the Pro plan; when the plan refuses it, the leads' phones are added as plain members
// instead, which every plan allows. Membership is read first so the answer can say "already there".
import type { MoltflowClient } from '../../api/client.js';
import {
  addGroupMembers,
  type CustomGroupDetail,
  createCustomGroup,
  getCustomGroup,
  listAllCustomGroups,
} from '../../api/custom-groups.js';
import { MoltflowHttpError } from '../../api/errors.js';
import { type BulkFailure, bulkAddToGroup } from '../../api/lead-bulk.js';
import { getLead } from '../../api/leads.js';
import { type Actor, type AuditDeps, auditTarget, recordAudit } from '../../slack/audit.js';

export interface LeadToAdd {
  id: string;
  phone: string | null;
  name: string | null;
}

export type GroupTarget = { kind: 'existing'; id: string } | { kind: 'new'; name: string };

export interface AddToGroupOutcome {
  group: { id: string; name: string };
  /** The group was created for this (a new name that matched no existing group). */
  created: boolean;
  added: number;
  /** Leads whose phone was in the group before. */
  already: number;
  /** The plan refused the bulk call, so phones were added as members instead. */
  viaMembers: boolean;
  failures: BulkFailure[];
}

const digits = (phone: string) => phone.replace(/\D/g, '');

export async function addLeadsToGroup(
  client: MoltflowClient,
  leads: readonly LeadToAdd[],
  target: GroupTarget,
): Promise<AddToGroupOutcome> {
  const { group, created } = await resolveGroup(client, target);
  const complete = group.members.length >= (group.memberCount ?? 0);
  const before = new Set(group.members.map((m) => digits(m.phone)));
  const isIn = (lead: LeadToAdd) => complete && lead.phone !== null && before.has(digits(lead.phone));
  const toAdd = leads.filter((lead) => !isIn(lead));
  const outcome: AddToGroupOutcome = {
    group: { id: group.id, name: group.name },
    created,
    added: 0,
    already: leads.length - toAdd.length,
    viaMembers: false,
    failures: [],
  };
  if (toAdd.length === 0) return outcome;

  try {
    outcome.failures = (
      await bulkAddToGroup(
        client,
        toAdd.map((l) => l.id),
        group.id,
      )
    ).failures;
  } catch (err) {
    if (!(err instanceof MoltflowHttpError) || err.status !== 403) throw err;
    outcome.viaMembers = true;
    outcome.failures = await addAsMembers(client, toAdd, group.id);
  }
  const failedIds = new Set(outcome.failures.map((f) => f.leadId));
  const tried = toAdd.filter((lead) => !failedIds.has(lead.id)).length;
  if (complete) outcome.added = Math.max(0, tried - unnamedFailures(outcome.failures));
  else {
    // MoltFlow did not list every member, so count what changed instead.
    const after = await getCustomGroup(client, group.id);
    outcome.added = Math.max(0, (after.memberCount ?? 0) - (group.memberCount ?? 0));
    outcome.already += Math.max(0, tried - outcome.added);
  }
  return outcome;
}

async function resolveGroup(
  client: MoltflowClient,
  target: GroupTarget,
): Promise<{ group: CustomGroupDetail; created: boolean }> {
  if (target.kind === 'existing') return { group: await getCustomGroup(client, target.id), created: false };
  const wanted = target.name.trim().toLowerCase();
  const same = (await listAllCustomGroups(client)).find((g) => g.name.trim().toLowerCase() === wanted);
  if (same) return { group: await getCustomGroup(client, same.id), created: false };
  const made = await createCustomGroup(client, target.name.trim());
  return { group: { ...made, memberCount: 0, members: [] }, created: true };
}

/** The fallback: each lead's phone as a member. A lead whose phone we do not know is read first. */
async function addAsMembers(
  client: MoltflowClient,
  leads: readonly LeadToAdd[],
  groupId: string,
): Promise<BulkFailure[]> {
  const failures: BulkFailure[] = [];
  const contacts: { phone: string; name: string | null }[] = [];
  for (const lead of leads) {
    let phone = lead.phone;
    let name = lead.name;
    if (!phone) {
      try {
        const read = await getLead(client, lead.id);
        phone = read.phone || null;
        name = read.name;
      } catch (err) {
        const gone = err instanceof MoltflowHttpError && err.status === 404;
        failures.push({ leadId: lead.id, reason: gone ? 'Lead not found' : 'could not read its phone' });
        continue;
      }
    }
    if (phone) contacts.push({ phone, name });
    else failures.push({ leadId: lead.id, reason: 'the lead has no phone number' });
  }
  if (contacts.length > 0) await addGroupMembers(client, groupId, contacts);
  return failures;
}

const unnamedFailures = (failures: readonly BulkFailure[]) =>
  failures.filter((f) => f.leadId === null).length;

// --- The audit trail ---
// `lead.added_to_group` names the leads by id and the group by id and name; a group made for the occasion
// is also recorded as `group.created`. Counts only: the phones that went in stay out of the trail.

/** The group as the person chose it, for a refusal (when MoltFlow never said which group that was). */
export function groupTargetName(target: GroupTarget): string {
  return target.kind === 'existing' ? target.id : auditTarget('new', target.name);
}

/** `leads` is one lead id (a card) or a short summary of many (`/leads bulk`). */
export async function auditAddedToGroup(
  deps: AuditDeps,
  actor: Actor,
  leads: string,
  outcome: AddToGroupOutcome,
): Promise<void> {
  const group = auditTarget(outcome.group.id, outcome.group.name);
  if (outcome.created)
    await recordAudit(deps, actor, { action: 'group.created', target: group, detail: 'for leads' });
  const failed = outcome.failures.length;
  await recordAudit(deps, actor, {
    action: 'lead.added_to_group',
    target: leads,
    outcome: failed > 0 && outcome.added === 0 && outcome.already === 0 ? 'failed' : 'ok',
    detail:
      `to group ${group}: ${outcome.added} added, ${outcome.already} already there` +
      (failed > 0 ? `, ${failed} failed` : '') +
      (outcome.viaMembers ? ' (as members)' : ''),
  });
}
