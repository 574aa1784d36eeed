import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createWorld, type TestApp, type World } from '../../helpers/harness.js';
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
    it('uploads the CSV to the channel it was asked from', async () => {
      await start();
      const { res, responseUrl } = await groups.command('export VIP buyers csv');
      expect(res.text).toBe('');
      const file = await world.slack.waitFor(() => world.slack.files.find((f) => f.completed));
      expect(file).toMatchObject({
        filename: 'VIP-buyers.csv',
        channelId: CHANNEL,
        title: 'VIP buyers (CSV)',
      });
      expect(file.initialComment).toBe(`Members of *VIP buyers* (2 members), exported for <@${USER}>.`);
      expect(file.content?.toString()).toBe('phone,name\n+14155552671,Ana   the boss \n+442079460958,');
      expect(world.slack.responses.filter((r) => r.url === responseUrl)).toEqual([]);
    });

    it('uploads JSON from the list menu', async () => {
      await start();
      await groups.menu(`json:${groups.group('VIP buyers').id}`);
      const file = await world.slack.waitFor(() => world.slack.files.find((f) => f.completed));
      expect(file.filename).toBe('VIP-buyers.json');
      expect(JSON.parse(file.content?.toString() ?? '')).toEqual([
        { phone: '+14155552671', name: 'Ana, "the boss"' },
        { phone: '+442079460958', name: null },
      ]);
    });

    it("sends the file to the person's DM when the app cannot post in the channel, and says so", async () => {
      await start();
      world.slack.setChannel(CHANNEL, { member: false });
      const { reply } = await groups.click('group_export_csv', groups.group('VIP buyers').id);
      expect((await reply()).text).toBe(
        "I can't post files in this conversation, so I sent the export of *VIP buyers* to you in a direct message.",
      );
      const file = world.slack.files.find((f) => f.completed);
      expect(file?.channelId).toBe('D0ANA');
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
    });
  });
});
