// The cases a security review reproduced against the running app (issue 9), each through signed requests:
// a guest adding numbers to a contact group, anyone routing leads to their own channel, anyone moving
// leads, and a "Send now" pressed after the person lost the outreach role.

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BulkDriver } from '../features/broadcasts/broadcast-driver.js';
import type { WireLead } from '../helpers/fake-moltflow.js';
import { createWorld, LEADS_CHANNEL, SIGNING_SECRET, type TestApp, type World } from '../helpers/harness.js';
import { customGroups } from '../helpers/moltflow-api/custom-groups.js';
import { scheduledMessages } from '../helpers/moltflow-api/scheduled-messages.js';
import { DEFAULT_GROUP } from '../helpers/moltflow-api/state.js';
import { blockActionPayload, postInteraction, postSlashCommand } from '../helpers/signed-request.js';
import { eventually } from '../helpers/wait.js';

const PERSONAS = {
  guest: { id: 'U0GUEST', info: { is_restricted: true } },
  external: { id: 'U0EXTERN', info: { team_id: 'T0OTHERORG' } },
  member: { id: 'U0MEMBER', info: {} },
  outreach: { id: 'U0OUTREACH', info: {} },
  admin: { id: 'U0ADMIN', info: { is_admin: true } },
} as const;
type Name = keyof typeof PERSONAS;
const NAMES = Object.keys(PERSONAS) as Name[];
const SALES_CHANNEL = 'C0SALES001';

describe('access control on the reproduced cases', () => {
  let world: World;
  let app: TestApp;

  beforeEach(async () => {
    world = await createWorld();
    world.slack.setDefaultUser({});
    for (const p of Object.values(PERSONAS)) world.slack.setUser(p.id, p.info);
    world.slack.setChannel(SALES_CHANNEL, { name: 'sales' });
    app = await world.startApp({ ACCESS_OUTREACH: PERSONAS.outreach.id });
  });
  afterEach(async () => {
    await world.close();
  });

  const command = (name: Name, cmd: string, text: string) =>
    postSlashCommand(app.eventsUrl, SIGNING_SECRET, {
      command: cmd,
      text,
      userId: PERSONAS[name].id,
      responseUrl: world.slack.responseUrl(),
    });
  const deniedText = (res: { json?: unknown }) =>
    String((res.json as { text?: string } | undefined)?.text ?? '');
  const denialsOf = async (name: Name) =>
    (await app.service.ctx.store.audit.list({ offset: 0, limit: 500 })).filter(
      (e) => e.action === 'denied' && e.actor === PERSONAS[name].id,
    );

  it('/groups add with numbers: only outreach and admins add, the rest change nothing', async () => {
    const vip = customGroups(world.moltflow.state).add('VIP buyers', []);
    const adds = () => world.moltflow.requestsTo('POST', '/custom-groups/:id/members/add');
    for (const name of NAMES) {
      const before = adds().length;
      const res = await command(name, '/groups', 'add VIP buyers +12025550123, +12025550124');
      expect(res.status).toBe(200);
      if (name === 'outreach' || name === 'admin') {
        await world.slack.waitFor(() => adds().length > before || undefined);
        continue;
      }
      const text = deniedText(res);
      expect(text, name).toMatch(
        name === 'member'
          ? /^You need the outreach role to add contacts; ask one of <@U0OUTREACH>\.$/
          : /not available to (guests|people from other organisations)/,
      );
      expect(res.json).toMatchObject({ response_type: 'ephemeral' });
      expect(adds()).toHaveLength(before);
      expect((await denialsOf(name)).map((e) => e.target)).toEqual(['/groups add']);
    }
    expect(adds()).toHaveLength(2);
    expect(customGroups(world.moltflow.state).groups.find((g) => g.id === vip.id)?.members).toHaveLength(2);
  });

  it('/moltflow route: only admins route leads, so nobody else can pull cards into their channel', async () => {
    world.moltflow.override('GET', '/groups', () => ({ status: 200, body: { items: [DEFAULT_GROUP] } }));
    for (const name of NAMES) {
      const res = await command(name, '/moltflow', `route Buyers Club <#${SALES_CHANNEL}|sales>`);
      expect(res.status).toBe(200);
      if (name === 'admin') continue;
      expect(deniedText(res), name).toMatch(
        ['member', 'outreach'].includes(name)
          ? /^You need the admin role to route leads to a channel; ask a workspace admin\.$/
          : /not available to/,
      );
      expect(await app.service.ctx.store.routes.list()).toEqual([]);
    }
    await eventually(() => app.service.ctx.store.routes.get(DEFAULT_GROUP.id));
    expect(await app.service.ctx.store.routes.get(DEFAULT_GROUP.id)).toMatchObject({
      channel: SALES_CHANNEL,
      setBy: PERSONAS.admin.id,
    });
    // The list of routes (and its Remove buttons) is admin-only as well.
    expect(deniedText(await command('outreach', '/moltflow', 'routes'))).toMatch(
      /admin role to manage lead routes/,
    );
  });

  it('a pipeline click: guests and other organisations cannot move leads; every member can', async () => {
    const lead: WireLead = world.moltflow.addLead({ contact_name: 'Bea Buyer' });
    await app.service.pollOnce();
    const cardTs = world.slack.messages(LEADS_CHANNEL)[0]?.ts ?? '';
    const moves = () => world.moltflow.requestsTo('PATCH', '/leads/:id/status');
    const click = (name: Name, to: string) =>
      postInteraction(
        app.eventsUrl,
        SIGNING_SECRET,
        blockActionPayload({
          actionId: `lead_status_${to}`,
          value: lead.id,
          userId: PERSONAS[name].id,
          channelId: LEADS_CHANNEL,
          messageTs: cardTs,
          responseUrl: world.slack.responseUrl(),
        }),
      );
    for (const name of ['guest', 'external'] as const) {
      expect((await click(name, 'contacted')).status).toBe(200);
      await eventually(async () => (await denialsOf(name)).length > 0 || undefined);
    }
    const refusals = () => world.slack.responses.filter((r) => /not available to/.test(String(r.body.text)));
    await world.slack.waitFor(() => refusals().length === 2 || undefined);
    expect(refusals().map((r) => r.body.response_type)).toEqual(['ephemeral', 'ephemeral']);
    expect(moves()).toEqual([]);

    const path: [Name, string][] = [
      ['member', 'contacted'],
      ['outreach', 'qualified'],
      ['admin', 'converted'],
    ];
    for (const [name, to] of path) {
      expect((await click(name, to)).status).toBe(200);
      await world.slack.waitFor(
        () => moves().length === path.findIndex(([n]) => n === name) + 1 || undefined,
      );
    }
    expect(moves().map((r) => (r.body as { status: string }).status)).toEqual([
      'contacted',
      'qualified',
      'converted',
    ]);
  });

  it('lists offer only the buttons the viewer may use', async () => {
    customGroups(world.moltflow.state).add('VIP buyers', [{ phone: '+14155552671' }]);
    scheduledMessages(world.moltflow.state).add({ name: 'Weekly promo' });
    const answer = async (name: Name, cmd: string, text: string) => {
      const url = world.slack.responseUrl();
      await postSlashCommand(app.eventsUrl, SIGNING_SECRET, {
        command: cmd,
        text,
        userId: PERSONAS[name].id,
        responseUrl: url,
      });
      return JSON.stringify(
        (await world.slack.waitFor(() => world.slack.responses.find((r) => r.url === url))).body,
      );
    };
    const memberGroups = await answer('member', '/groups', 'list');
    expect(memberGroups).toContain('group_show');
    for (const id of ['group_menu', 'group_export_csv', 'group_delete'])
      expect(memberGroups).not.toContain(id);
    const outreachGroups = await answer('outreach', '/groups', 'list');
    for (const id of ['group_show', 'group_menu', 'group_export_csv', 'group_delete'])
      expect(outreachGroups).toContain(id);

    expect(await answer('member', '/schedule', 'list')).not.toContain('schedule_move_');
    expect(await answer('outreach', '/schedule', 'list')).toContain('schedule_move_pause');
  });

  it('"Send now" after the outreach role was taken away sends nothing', async () => {
    const bulk = new BulkDriver(world, app);
    const group = bulk.group('VIP', 3);
    const view = await bulk.openForm({ userId: PERSONAS.outreach.id });
    const sessionId = BulkDriver.options(view, 'bulk_session')[0]?.value;
    const review = await bulk.submitCompose(
      view.id,
      BulkDriver.values({ sessionId, groupId: group.id, message: 'Hello' }),
      PERSONAS.outreach.id,
    );
    expect((review.json as { response_action?: string }).response_action).toBe('update');

    // An admin takes the role away (the list changes and the app restarts) while the form is open.
    await app.stop();
    app = await world.startApp({ ACCESS_OUTREACH: '' });
    bulk.app = app;
    const sent = await bulk.confirm(view.id, PERSONAS.outreach.id);
    expect(sent.status).toBe(200);
    expect(sent.json).toMatchObject({
      response_action: 'update',
      view: { title: { text: 'Not allowed' } },
    });
    expect(JSON.stringify(sent.json)).toContain('You need the outreach role to send broadcasts');
    expect(world.moltflow.requestsTo('POST', '/bulk-send')).toEqual([]);
    expect(bulk.area.jobs).toEqual([]);
  });
});
