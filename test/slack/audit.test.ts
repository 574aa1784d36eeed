import { describe, expect, it } from 'vitest';
import { MoltflowConnectionError, MoltflowHttpError, MoltflowRateLimitError } from '../../src/api/errors.js';
import { createLogger } from '../../src/log.js';
import {
  actorOf,
  auditFailure,
  auditFrom,
  auditReason,
  auditTarget,
  recordAudit,
} from '../../src/slack/audit.js';
import type { AuditEntry, AuditStore } from '../../src/store/index.js';

const AT = new Date('2026-01-02T03:04:05Z');

function deps(record: (entry: AuditEntry) => void = () => {}) {
  const lines: string[] = [];
  const audit: AuditStore = {
    record: async (entry) => record(entry),
    list: async () => [],
    count: async () => 0,
    prune: async () => 0,
  };
  const logger = createLogger({ level: 'debug', write: (line) => lines.push(line) });
  return { deps: { store: { audit }, logger, now: () => AT }, lines };
}

describe('actorOf', () => {
  it('reads the person and workspace from a command or an interaction', () => {
    expect(actorOf({ command: { user_id: 'U1', team_id: 'T1' } })).toEqual({ user: 'U1', team: 'T1' });
    expect(actorOf({ body: { user: { id: 'U2' }, team: { id: 'T2' } } })).toEqual({ user: 'U2', team: 'T2' });
    // A view submission in an org install can carry team null; the user's own team stands in.
    expect(actorOf({ body: { user: { id: 'U3', team_id: 'T3' }, team: null } })).toEqual({
      user: 'U3',
      team: 'T3',
    });
  });
});

describe('recordAudit', () => {
  it('writes the entry with the time from deps and ok by default', async () => {
    const written: AuditEntry[] = [];
    const { deps: d } = deps((e) => void written.push(e));
    await auditFrom(
      d,
      { command: { user_id: 'U1', team_id: 'T1' } },
      { action: 'route.added', target: 'g1' },
    );
    expect(written).toEqual([
      { actor: 'U1', team: 'T1', action: 'route.added', target: 'g1', outcome: 'ok', at: AT },
    ]);
  });

  it('never rejects when the store cannot write; it logs instead', async () => {
    const { deps: d, lines } = deps(() => {
      throw new Error('SQLITE_FULL');
    });
    await expect(
      recordAudit(d, { user: 'U1', team: 'T1' }, { action: 'x', target: 'y' }),
    ).resolves.toBeUndefined();
    expect(lines.join('\n')).toContain('could not write to the audit trail');
  });
});

describe('reasons and targets', () => {
  it('names what MoltFlow said in a few words, without phone numbers', () => {
    const http = new MoltflowHttpError({
      method: 'POST',
      path: '/custom-groups',
      status: 422,
      detail: 'members.0.phone: +1 (415) 555-2671 is not valid; also +442079460958',
    });
    const reason = auditReason(http);
    expect(reason).toBe('MoltFlow 422: members.0.phone: … is not valid; also …');
    expect(reason).not.toMatch(/\d{5}/);
    expect(
      auditReason(new MoltflowRateLimitError({ method: 'GET', path: '/', detail: '', retryAfterMs: 1 })),
    ).toBe('MoltFlow rate limit');
    const down = new MoltflowConnectionError('reset', { timedOut: false, code: 'ECONNRESET' });
    expect(auditReason(down)).toBe('MoltFlow did not answer');
    expect(auditReason(new Error('boom'))).toBe('unexpected error');
    expect(auditFailure('group.deleted', 'g1', down, 'VIP')).toEqual({
      action: 'group.deleted',
      target: 'g1',
      outcome: 'failed',
      detail: 'VIP: MoltFlow did not answer',
    });
  });

  it('keeps a target to an id and a short name', () => {
    expect(auditTarget('g1', '  VIP \n buyers ')).toBe('g1 (VIP buyers)');
    expect(auditTarget('g1', null)).toBe('g1');
    expect(auditTarget('g1', 'n'.repeat(500))).toBe(`g1 (${'n'.repeat(80)})`);
  });
});
