import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createWorld, type World } from '../../helpers/harness.js';
import { expectWorking, fieldErrors, GroupsDriver, numbers } from './groups-driver.js';

describe('/groups add and /groups remove', () => {
  let world: World;
  let groups: GroupsDriver;

  beforeEach(async () => {
    world = await createWorld();
    groups = new GroupsDriver(world, await world.startApp());
    groups.groups.add('VIP buyers', [
      { phone: '+14155552671', name: 'Ana' },
      { phone: '+442079460958', name: 'Bo' },
    ]);
  });
  afterEach(async () => {
    expect(world.slack.rejections).toEqual([]);
    expect(world.slack.warnings).toEqual([]);
    await world.close();
  });

  const addRequests = () => world.moltflow.requestsTo('POST', '/custom-groups/:id/members/add');
  const removeRequests = () => world.moltflow.requestsTo('POST', '/custom-groups/:id/members/remove');
  const phones = () => groups.group('VIP buyers').members.map((m) => m.phone);

  /** Runs the command and returns the form it turns into once the group is found. */
  const openForm = async (text: string) => {
    await groups.command(text);
    const form = await groups.modal(1);
    const opened = world.slack.callsTo('views.open')[0];
    expect(JSON.stringify(opened?.args.view)).toContain('Looking up the group');
    return form;
  };

  it('opens the add form for the group named in any case, then adds and counts the skipped', async () => {
    const form = await openForm('add vip BUYERS');
    expect(form.view.callback_id).toBe('group_add');
    expect(JSON.stringify(form.view.blocks)).toContain('Add contacts to *VIP buyers* · 2 members now');

    const res = await groups.submit(form, {
      members: '+1 415 555 2671\n+55 11 99999-9999, Caio\n+5511999999999\n+12025550123',
    });
    expectWorking(res);
    const after = await groups.settled(form);
    expect(after.text).toContain(
      'Added 2 contacts to *VIP buyers*; 1 skipped as already in the group. *VIP buyers* now has 4 members. 1 repeated number in your list counted once.',
    );
    expect(phones()).toEqual(['+14155552671', '+442079460958', '+5511999999999', '+12025550123']);
    expect(addRequests()[0]?.body).toEqual({
      contacts: [
        { phone: '+14155552671' },
        { phone: '+5511999999999', name: 'Caio' },
        { phone: '+12025550123' },
      ],
    });
  });

  it('adds more than 1,000 contacts in batches of 1,000', async () => {
    const form = await openForm('add VIP buyers');
    await groups.submit(form, { members: [...numbers(2099), '+44 20 7946 0958'].join('\n') });
    const after = await groups.settled(form);
    expect(after.text).toContain('Added 2,099 contacts to *VIP buyers*; 1 skipped as already in the group.');
    expect(after.text).toContain('*VIP buyers* now has 2,101 members.');
    expect(addRequests().map((r) => (r.body as { contacts: unknown[] }).contacts.length)).toEqual([
      1000, 1000, 100,
    ]);
  });

  it('says what went in when MoltFlow stops halfway, and that sending again is safe', async () => {
    const form = await openForm('add VIP buyers');
    // The first batch goes through, the second meets a 500.
    let calls = 0;
    world.moltflow.override('POST', '/custom-groups/:id/members/add', ({ body, params }) => {
      calls += 1;
      if (calls === 2) return { status: 500, body: { detail: 'boom' } };
      const group = groups.groups.find(params.id ?? '');
      const contacts = (body as { contacts: { phone: string }[] }).contacts;
      if (group) groups.groups.addMembers(group, contacts);
      return { status: 200, body: {} };
    });
    await groups.submit(form, { members: numbers(1500).join('\n') });
    const after = await groups.settled(form);
    expect(after.callbackId).toBe('group_notice');
    expect(after.text).toContain('Added 1,000 contacts to *VIP buyers*; 0 skipped');
    expect(after.text).toContain('MoltFlow stopped after 1,000 of 1,500; submit the list again');
    expect(after.text).toContain("MoltFlow couldn't add the rest (HTTP 500: boom)");
  });

  it('puts bad lines and an empty list on the field, and sends nothing', async () => {
    const form = await openForm('add VIP buyers');
    const empty = await groups.submit(form, { members: '  \n ' });
    expect(fieldErrors(empty)).toEqual({ group_members: 'Add at least one phone number.' });
    const bad = await groups.submit(form, { members: '+14155552671\nhello' });
    expect(fieldErrors(bad)).toEqual({ group_members: 'Line 2 (hello): not a phone number' });
    expect(addRequests()).toEqual([]);
  });

  it('adds numbers typed after the command at once, and answers privately', async () => {
    const { reply } = await groups.command('add "VIP buyers" +1 202 555 0123, +447911123456 +14155552671');
    const answer = await reply();
    expect(answer.response_type).toBe('ephemeral');
    expect(answer.text).toContain(
      'Added 2 contacts to *VIP buyers*; 1 skipped as already in the group. *VIP buyers* now has 4 members.',
    );
    expect(phones()).toContain('+12025550123');
    expect(addRequests()[0]?.body).toEqual({
      contacts: [{ phone: '+12025550123' }, { phone: '+447911123456' }, { phone: '+14155552671' }],
    });
    expect(world.slack.callsTo('views.open')).toEqual([]);
  });

  it('refuses typed numbers it cannot read, in the ack, without asking MoltFlow', async () => {
    const { res } = await groups.command('add VIP buyers +14155552671, +1 202, 12345678');
    expect((res.json as { text: string }).text).toBe(
      'Nothing was changed. +1 202: too short for a +1 number; 12345678: add the country code (+1 …) or set DEFAULT_PHONE_REGION.',
    );
    expect(world.moltflow.requests).toEqual([]);
  });

  it('removes by member id, counting the numbers that were not in the group', async () => {
    const form = await openForm('remove VIP buyers');
    expect(form.view.callback_id).toBe('group_remove');
    const before = groups.group('VIP buyers').members;
    await groups.submit(form, { members: '+44 20 7946 0958\n+12025550123' });
    const after = await groups.settled(form);
    expect(after.text).toContain(
      'Removed 1 contact from *VIP buyers*; 1 number was not in the group. *VIP buyers* now has 1 member.',
    );
    expect(removeRequests().map((r) => r.body)).toEqual([{ member_ids: [before[1]?.id] }]);
    expect(phones()).toEqual(['+14155552671']);
  });

  it('falls back to phones when MoltFlow refuses member ids with a 422', async () => {
    world.moltflow.override('POST', '/custom-groups/:id/members/remove', ({ body, params }) => {
      const b = body as { member_ids?: string[]; phones?: string[] };
      if (b.member_ids)
        return { status: 422, body: { detail: [{ loc: ['body', 'phones'], msg: 'Field required' }] } };
      const group = groups.groups.find(params.id ?? '');
      if (group) group.members = group.members.filter((m) => !b.phones?.includes(m.phone));
      return { status: 200, body: {} };
    });
    const { reply } = await groups.command('remove VIP buyers +14155552671');
    expect((await reply()).text).toContain('Removed 1 contact from *VIP buyers*');
    expect(removeRequests().map((r) => Object.keys(r.body as object))).toEqual([['member_ids'], ['phones']]);
    expect(phones()).toEqual(['+442079460958']);
  });

  it('says so when no group has that name, suggesting close ones, and when several do', async () => {
    await groups.command('add VIP');
    const none = await groups.modal(1);
    expect(none.view.callback_id).toBe('group_notice');
    expect(JSON.stringify(none.view.blocks)).toContain(
      "I couldn't find a group called *VIP*. Did you mean *VIP buyers*? Type `/groups` to see your groups.",
    );

    groups.groups.add('vip buyers');
    const { reply } = await groups.command('remove VIP buyers +14155552671');
    const answer = (await reply()).text;
    expect(answer).toContain('2 groups are called *VIP buyers*');
    expect(answer).toContain(groups.group('vip buyers').id);
    expect(removeRequests()).toEqual([]);
  });

  it('adds once when Submit is double-clicked', async () => {
    const form = await openForm('add VIP buyers');
    await Promise.all([
      groups.submit(form, { members: '+12025550123' }),
      groups.submit(form, { members: '+12025550123' }),
    ]);
    await groups.settled(form);
    expect(addRequests()).toHaveLength(1);
  });

  it('explains a group deleted while the form was open', async () => {
    const form = await openForm('add VIP buyers');
    groups.groups.groups.length = 0;
    await groups.submit(form, { members: '+12025550123' });
    const after = await groups.settled(form);
    expect(after.text).toContain("I couldn't add the contacts: that group no longer exists in MoltFlow");
  });
});
