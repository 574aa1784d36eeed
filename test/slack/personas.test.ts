// Walks the whole listener table (every command and subcommand, action, view submission, view close and
// option loader) against five personas through the running app, with signed requests. A listener added
// without a policy fails at start-up; one added with a policy is walked here automatically.

import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../src/domain/access.js';
import type { Policy, TableEntry } from '../../src/slack/listener-table.js';
import { ListenerTable, needs } from '../../src/slack/listener-table.js';
import { createWorld, SIGNING_SECRET, type TestApp, type World } from '../helpers/harness.js';
import {
  blockActionPayload,
  postAppHomeOpened,
  postInteraction,
  postSlashCommand,
  TEST_APP_ID,
  TEST_TEAM_ID,
  viewSubmissionPayload,
} from '../helpers/signed-request.js';
import { eventually } from '../helpers/wait.js';

const PERSONAS = {
  guest: { id: 'U0GUEST', info: { is_restricted: true }, roles: [] as Role[] },
  external: { id: 'U0EXTERN', info: { team_id: 'T0OTHERORG', is_admin: true }, roles: [] as Role[] },
  member: { id: 'U0MEMBER', info: {}, roles: ['sales'] as Role[] },
  outreach: { id: 'U0OUTREACH', info: {}, roles: ['sales', 'outreach'] as Role[] },
  admin: { id: 'U0ADMIN', info: { is_admin: true }, roles: ['sales', 'outreach', 'admin'] as Role[] },
};
type Persona = (typeof PERSONAS)[keyof typeof PERSONAS];

/** A concrete id for an entry: the string itself, or the first alternative of a `^prefix_(a|b)$` pattern. */
function exampleId(id: string | RegExp): string {
  if (typeof id === 'string') return id;
  const m = /^\^([^(]*)\(([^|)]+)/.exec(id.source);
  const example = m ? `${m[1]}${m[2]}` : '';
  if (!id.test(example)) throw new Error(`cannot make an example id for ${id}`);
  return example;
}

interface Probe {
  what: string;
  policy: Policy;
  send: (user: string) => Promise<{ status: number; json?: unknown }>;
}

function probesFor(app: TestApp, world: World, entry: TableEntry): Probe[] {
  const id = exampleId(entry.id);
  const team = { id: TEST_TEAM_ID, domain: 'moltflow-test' };
  const user = (u: string) => ({ id: u, username: 'p', name: 'p', team_id: TEST_TEAM_ID });
  const view = (callbackId: string) =>
    (viewSubmissionPayload({ callbackId, values: {} }) as { view: object }).view;
  switch (entry.kind) {
    case 'command': {
      const words = ['', ...Object.keys(entry.policy.subcommands ?? {})];
      return words.map((word) => ({
        what: word ? `${id} ${word}` : id,
        policy: entry.policy.subcommands?.[word] ?? entry.policy,
        send: (u) =>
          postSlashCommand(app.eventsUrl, SIGNING_SECRET, {
            command: id,
            text: word,
            userId: u,
            responseUrl: world.slack.responseUrl(),
          }),
      }));
    }
    case 'action':
      return [
        {
          what: id,
          policy: entry.policy,
          send: (u) =>
            postInteraction(
              app.eventsUrl,
              SIGNING_SECRET,
              blockActionPayload({
                actionId: id,
                value: 'probe',
                userId: u,
                channelId: 'C0PROBE01',
                messageTs: '1700000000.000100',
                responseUrl: world.slack.responseUrl(),
              }),
            ),
        },
      ];
    case 'view':
      return [
        {
          what: id,
          policy: entry.policy,
          send: (u) =>
            postInteraction(
              app.eventsUrl,
              SIGNING_SECRET,
              entry.type === 'view_closed'
                ? {
                    type: 'view_closed',
                    team,
                    user: user(u),
                    api_app_id: TEST_APP_ID,
                    view: view(id),
                    is_cleared: false,
                  }
                : viewSubmissionPayload({ callbackId: id, values: {}, userId: u }),
            ),
        },
      ];
    case 'event':
      return [
        {
          what: id,
          policy: entry.policy,
          send: (u) => postAppHomeOpened(app.eventsUrl, SIGNING_SECRET, u),
        },
      ];
    case 'options':
      return [
        {
          what: id,
          policy: entry.policy,
          send: (u) =>
            postInteraction(app.eventsUrl, SIGNING_SECRET, {
              type: 'block_suggestion',
              user: user(u),
              team,
              api_app_id: TEST_APP_ID,
              action_id: id,
              block_id: 'probe',
              value: 'pro',
              container: { type: 'view', view_id: 'V0PROBE' },
              view: view('probe'),
            }),
        },
      ];
  }
}

describe('every listener × five personas', () => {
  let world: World;
  let app: TestApp;
  let probes: Probe[];

  beforeAll(async () => {
    world = await createWorld();
    world.slack.setDefaultUser({});
    for (const p of Object.values(PERSONAS)) world.slack.setUser(p.id, p.info);
    app = await world.startApp({ ACCESS_OUTREACH: PERSONAS.outreach.id });
    probes = app.service.table.entries().flatMap((entry) => probesFor(app, world, entry));
  });
  afterAll(async () => {
    await world.close();
  });

  const denials = async () =>
    (await app.service.ctx.store.audit.list({ offset: 0, limit: 10_000 }))
      .filter((e) => e.action === 'denied')
      .map((e) => `${e.actor} ${e.target}`);

  it('covers every command in the manifest, with a policy on every entry', () => {
    const manifest = fs.readFileSync(path.resolve(import.meta.dirname, '../../manifest.yml'), 'utf8');
    const commands = [...manifest.matchAll(/command:\s*['"]?(\/[a-z-]+)/g)].map((m) => m[1]);
    const registered = app.service.table
      .entries()
      .filter((e) => e.kind === 'command')
      .map((e) => e.id);
    expect(registered.sort()).toEqual([...new Set(commands)].sort());
    expect(probes.length).toBeGreaterThan(40);
  });

  it('gives guests and people of other organisations nothing, and asks MoltFlow nothing for them', async () => {
    for (const persona of [PERSONAS.guest, PERSONAS.external]) {
      for (const probe of probes) {
        const res = await probe.send(persona.id);
        expect(res.status, `${persona.id} ${probe.what}`).toBe(200);
        if (probe.what.startsWith('/')) {
          expect(res.json, probe.what).toMatchObject({
            response_type: 'ephemeral',
            text: expect.stringMatching(/not available to (guests|people from other organisations)/),
          });
        }
      }
    }
    const expected = [PERSONAS.guest, PERSONAS.external].flatMap((p) =>
      probes.map((q) => `${p.id} ${q.what}`),
    );
    await eventually(async () => (await denials()).length >= expected.length || undefined);
    expect((await denials()).sort()).toEqual(expected.sort());
    expect(world.moltflow.requests).toEqual([]);
  });

  it('lets members, outreach and admins do exactly what their roles allow', async () => {
    const before = (await denials()).length;
    const expected: string[] = [];
    for (const persona of [PERSONAS.member, PERSONAS.outreach, PERSONAS.admin] as Persona[]) {
      for (const probe of probes) {
        const allowed = persona.roles.includes(probe.policy.role);
        if (!allowed) expected.push(`${persona.id} ${probe.what}`);
        const res = await probe.send(persona.id);
        expect(res.status, `${persona.id} ${probe.what}`).toBe(200);
        if (!allowed && probe.what.startsWith('/')) {
          expect(res.json, `${persona.id} ${probe.what}`).toMatchObject({
            response_type: 'ephemeral',
            text: expect.stringMatching(new RegExp(`^You need the ${probe.policy.role} role to `)),
          });
        }
      }
    }
    // A sentinel denial after the sweep: once it is on record, every earlier request's verdict is too.
    await probes[0]?.send(PERSONAS.guest.id);
    await eventually(async () => (await denials()).length >= before + expected.length + 1 || undefined);
    expect(
      (await denials())
        .slice(0, -before || undefined)
        .slice(1)
        .sort(),
    ).toEqual(expected.sort());
    expect(expected.length).toBeGreaterThan(10); // members and outreach are refused real things
  });
});

describe('the listener table', () => {
  it('refuses at start-up an entry that declares no policy', () => {
    const table = new ListenerTable();
    expect(() => table.action('x', undefined as never, async () => {})).toThrow(/declares no valid policy/);
    expect(() => table.command('/x', { role: 'root', doing: 'x' } as never, async () => {})).toThrow(
      /declares no valid policy/,
    );
    expect(() =>
      table.command('/x', { ...needs('sales', 'x'), subcommands: { y: needs('sales', '') } }, async () => {}),
    ).toThrow(/declares no valid policy/);
    expect(() => table.action('ok', needs('sales', 'look'), async () => {})).not.toThrow();
  });
});
