import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createWorld, type TestApp, type World } from '../../helpers/harness.js';
import { TEST_TEAM_ID } from '../../helpers/signed-request.js';
import { CHANNEL, expectWorking, fieldErrors, GroupsDriver, USER } from './groups-driver.js';

describe('/groups rename, delete and export', () => {
  let world: World;
  let app: TestApp;
  let groups: GroupsDriver;

  const start = async (env: Record<string, string> = {}) => {
    app = await world.startApp(env);
    groups = new GroupsDriver(world, app);
    groups.groups.add('VIP buyers', [
      { phone: '+14155552671', name: 'Ana, "the boss"' },
      { phone: '+442079460958', name: null },
    ]);
  };
  beforeEach(async () => {
    world = await createWorld();
  });
  afterEach(async () => {
    expect(world.slack.rejections).toEqual([]);
    expect(world.slack.warnings).toEqual([]);
    await world.close();
  });

  const deletes = () => world.moltflow.requestsTo('DELETE', '/custom-groups/:id');

  describe('rename', () => {
    it('opens the form with the current name and renames the group', async () => {
      await start();
      await groups.command('rename vip buyers');
      const form = await groups.modal(1);
      expect(form.view.callback_id).toBe('group_rename');
      expect(JSON.stringify(form.view.blocks)).toContain('"initial_value":"VIP buyers"');

      expectWorking(await groups.submit(form, { name: 'Top  buyers' }));
      const after = await groups.settled(form);
      expect(after.text).toContain('Renamed *VIP buyers* to *Top buyers*.');
      expect(world.moltflow.requestsTo('PATCH', '/custom-groups/:id')[0]?.body).toEqual({
        name: 'Top buyers',
      });
      expect(groups.groups.groups.map((g) => g.name)).toEqual(['Top buyers']);
    });

    it('refuses an empty name or the same name on the field, and a name another group has', async () => {
      await start();
      groups.groups.add('Leads');
      await groups.menu(`rename:${groups.group('VIP buyers').id}`);
      const form = await groups.modal(1);
      expect(fieldErrors(await groups.submit(form, { name: '' }))).toEqual({
        group_name: 'Give the group a name.',
      });
      expect(fieldErrors(await groups.submit(form, { name: 'VIP buyers' }))).toEqual({
        group_name: 'That is already its name.',
      });

      await groups.submit(form, { name: 'LEADS' });
      const after = await groups.settled(form);
      expect(after.callbackId).toBe('group_rename');
      expect(after.text).toContain('Another group is already called *Leads*. Pick another name.');
      expect(world.moltflow.requestsTo('PATCH', '/custom-groups/:id')).toEqual([]);
    });
  });

  describe('delete', () => {
    it('asks first, naming the member count, then deletes once however often the confirm is clicked', async () => {
      await start();
      const vip = groups.group('VIP buyers');
      const prompt = await (await groups.command('delete VIP buyers')).reply();
      expect(prompt.text).toBe("Delete *VIP buyers* and its 2 members? This can't be undone.");
      const button = prompt.blocks?.flatMap((b) => b.elements ?? [])[0];
      expect(button?.confirm?.text.text).toBe("Delete “VIP buyers” and its 2 members? This can't be undone.");
      expect(deletes()).toEqual([]);

      const blockId = `group_delete_prompt.${vip.id}`;
      const [first, second] = await Promise.all([
        groups.click('group_delete', vip.id, { blockId }),
        groups.click('group_delete', vip.id, { blockId }),
      ]);
      const answer = await Promise.race([first.reply(), second.reply()]);
      expect(answer).toMatchObject({
        replace_original: true,
        text: ':wastebasket: Deleted *VIP buyers* and its 2 members.',
      });
      expect(deletes()).toHaveLength(1);
      expect(groups.groups.groups).toEqual([]);
    });

    it('redraws the list without the group when deleted from it', async () => {
      await start();
      groups.groups.add('Keep me');
      const vip = groups.group('VIP buyers');
      const { reply } = await groups.click('group_delete', vip.id, { blockId: `group_actions.${vip.id}` });
      const list = await reply();
      expect(list.replace_original).toBe(true);
      expect(list.text).toContain('Deleted *VIP buyers*');
      const shown = JSON.stringify(list.blocks);
      expect(shown).toContain('*Keep me*');
      expect(shown).not.toContain('*VIP buyers*\\n');
    });

    it('politely refuses people without the outreach role, from the command and the button', async () => {
      world.slack.setDefaultUser({});
      await start({ ACCESS_OUTREACH: 'U0BOSS,S0SALES' });
      world.slack.setUserGroup('S0SALES', ['U0CARLA']);
      const vip = groups.group('VIP buyers');

      const refused = await groups.command('delete VIP buyers');
      expect(refused.res.json).toMatchObject({
        response_type: 'ephemeral',
        text: 'You need the outreach role to delete contact groups; ask one of <@U0BOSS>, <!subteam^S0SALES>.',
      });
      const click = await (await groups.click('group_delete', vip.id)).reply();
      expect(click.text).toContain('You need the outreach role to delete contact groups');
      expect(deletes()).toEqual([]);

      const allowed = await (await groups.click('group_delete', vip.id, { userId: 'U0CARLA' })).reply();
      expect(allowed.text).toContain('Deleted *VIP buyers*');
      expect(deletes()).toHaveLength(1);
    });

    it('lets the person try again when MoltFlow refused the first time', async () => {
      await start();
      const vip = groups.group('VIP buyers');
      world.moltflow.fail(
        { method: 'DELETE' },
        { kind: 'status', status: 503, body: { detail: 'maintenance' }, times: 10 },
      );
      const first = await (await groups.click('group_delete', vip.id)).reply();
      expect(first.text).toBe("MoltFlow couldn't delete the group (HTTP 503: maintenance).");
      expect(groups.groups.groups).toHaveLength(1);
      world.moltflow.clearFaults();
      const second = await (await groups.click('group_delete', vip.id)).reply();
      expect(second.text).toContain('Deleted *VIP buyers*');
    });
  });

  describe('export', () => {
    // Issue 9 changed where group exports go: the person's DM with the app, never the channel (these tests
    // used to pin the file in the channel and the DM as a fallback when the app could not post there).
    const audits = () => app.service.ctx.store.audit.list({ offset: 0, limit: 10 });
    const privacy =
      'It holds personal data (names and phone numbers): keep it here, out of channels and shared drives.';

    it("sends the CSV to the person's DM, never the channel, neutralised, and says so privately", async () => {
      await start();
      const vip = groups.group('VIP buyers');
      const { res, reply } = await groups.command('export VIP buyers csv');
      expect(res.text).toBe('');
      const answer = await reply();
      const file = world.slack.files.find((f) => f.completed);
      expect(world.slack.callsTo('conversations.open')[0]?.args.users).toBe(USER);
      expect(file).toMatchObject({
        filename: 'VIP-buyers.csv',
        channelId: 'D0ANA',
        title: 'VIP buyers (CSV)',
      });
      expect(world.slack.files.filter((f) => f.channelId === CHANNEL)).toEqual([]);
      expect(file?.initialComment).toBe(
        `Members of *VIP buyers* (2 members): 2 rows as CSV.\n${privacy} 2 cells began with =, +, - or @ (phone numbers too), so they start with ' to keep spreadsheets from running them as formulas.`,
      );
      expect(file?.content?.toString()).toBe("phone,name\n'+14155552671,Ana   the boss \n'+442079460958,");
      expect(answer).toMatchObject({
        response_type: 'ephemeral',
        text: ':white_check_mark: Sent the members of *VIP buyers* (2 rows) to you in a direct message as `VIP-buyers.csv`. The file holds personal data (names and phone numbers), so it never goes into a channel.',
      });
      expect(await audits()).toEqual([
        {
          actor: USER,
          team: TEST_TEAM_ID,
          action: 'export',
          target: `group ${vip.id} VIP buyers`,
          outcome: 'ok',
          detail: '2 rows, csv',
          at: expect.any(Date),
        },
      ]);
    });

    it('sends JSON from the list menu to the DM, every string value neutralised', async () => {
      await start();
      await groups.menu(`json:${groups.group('VIP buyers').id}`);
      const file = await world.slack.waitFor(() => world.slack.files.find((f) => f.completed));
      expect(file.filename).toBe('VIP-buyers.json');
      expect(file.channelId).toBe('D0ANA');
      expect(JSON.parse(file.content?.toString() ?? '')).toEqual([
        { phone: "'+14155552671", name: 'Ana, "the boss"' },
        { phone: "'+442079460958", name: null },
      ]);
      const answer = await world.slack.waitFor(() => world.slack.responses[0]?.body);
      expect(answer.text).toMatch(
        /^:white_check_mark: Sent the members of \*VIP buyers\* \(2 rows\) to you in a direct message/,
      );
    });

    it('sends the file to the DM from the "Export CSV" button, even when the app is in the channel', async () => {
      await start();
      const { reply } = await groups.click('group_export_csv', groups.group('VIP buyers').id);
      expect((await reply()).text).toMatch(/^:white_check_mark: Sent the members of \*VIP buyers\*/);
      const file = world.slack.files.find((f) => f.completed);
      expect(file?.channelId).toBe('D0ANA');
      expect((await audits())[0]).toMatchObject({ action: 'export', outcome: 'ok', team: TEST_TEAM_ID });
    });

    it('tells the person when Slack refuses the DM upload, and never tries the channel', async () => {
      await start();
      world.slack.failNext('files.completeUploadExternal', { error: 'file_uploads_disabled' });
      const { reply } = await groups.command('export VIP buyers');
      expect((await reply()).text).toContain('(file_uploads_disabled). Try again in a minute.');
      expect(world.slack.files.filter((f) => f.completed)).toEqual([]);
      expect((await audits())[0]).toMatchObject({
        outcome: 'failed',
        detail: '2 rows, csv; Slack file_uploads_disabled',
      });
    });

    it('explains a plan gate on exports', async () => {
      await start();
      world.moltflow.fail(
        { method: 'GET', path: '/custom-groups/:id/export/:format' },
        {
          kind: 'status',
          status: 403,
          body: { detail: 'Exports require the Pro plan or higher (current plan: Free)' },
        },
      );
      const { reply } = await groups.command('export VIP buyers');
      expect((await reply()).text).toContain(
        'MoltFlow refused to export the group as CSV: Exports require the Pro plan or higher (current plan: Free).',
      );
      expect(world.slack.files).toEqual([]);
      expect(await audits()).toMatchObject([{ outcome: 'failed', detail: 'csv; MoltFlow HTTP 403' }]);
    });
  });
});
