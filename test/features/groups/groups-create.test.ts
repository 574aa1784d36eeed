import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createWorld, type World } from '../../helpers/harness.js';
import { CHANNEL, expectWorking, fieldErrors, GroupsDriver, numbers, USER } from './groups-driver.js';

describe('/groups create', () => {
  let world: World;
  let groups: GroupsDriver;

  const start = async (env: Record<string, string> = {}) => {
    groups = new GroupsDriver(world, await world.startApp(env));
  };
  beforeEach(async () => {
    world = await createWorld();
  });
  afterEach(async () => {
    expect(world.slack.rejections).toEqual([]);
    expect(world.slack.warnings).toEqual([]);
    await world.close();
  });

  const openForm = async (text = 'create') => {
    const { res } = await groups.command(text);
    expect(res.text).toBe('');
    return groups.modal();
  };
  const createRequests = () => world.moltflow.requestsTo('POST', '/custom-groups');

  it('opens the form at once, with the name typed after the command, and asks MoltFlow nothing', async () => {
    await start();
    const form = await openForm('create Lisbon buyers');
    expect(form.view.callback_id).toBe('group_create');
    expect(JSON.stringify(form.view.blocks)).toContain('"initial_value":"Lisbon buyers"');
    expect(JSON.stringify(form.view.blocks)).toContain('Start each number with + and its country code');
    expect(world.moltflow.requests).toEqual([]);
  });

  it('creates the group with E.164 members, folding duplicates, and says the name and member count', async () => {
    await start();
    const form = await openForm();
    const res = await groups.submit(form, {
      name: 'Lisbon <buyers>',
      members: '+1 (415) 555-2671, Ana Souza\n\n+44 20 7946 0958\n+14155552671, Ana again\n',
    });
    expectWorking(res);

    const after = await groups.settled(form);
    expect(after.callbackId).toBe('group_notice');
    expect(after.text).toContain(
      'Created *Lisbon &lt;buyers&gt;* with 2 members. 1 repeated number in your list counted once.',
    );
    const created = groups.group('Lisbon <buyers>');
    expect(created.members.map((m) => [m.phone, m.name])).toEqual([
      ['+14155552671', 'Ana Souza'],
      ['+442079460958', null],
    ]);
    expect(createRequests()[0]?.body).toEqual({
      name: 'Lisbon <buyers>',
      members: [{ phone: '+14155552671', name: 'Ana Souza' }, { phone: '+442079460958' }],
    });
  });

  it('creates an empty group when no contacts are given', async () => {
    await start();
    const form = await openForm();
    await groups.submit(form, { name: 'Later', members: '' });
    const after = await groups.settled(form);
    expect(after.text).toContain('Created *Later* with 0 members.');
    expect(createRequests()[0]?.body).toEqual({ name: 'Later' });
  });

  it('reads numbers without a country code with DEFAULT_PHONE_REGION', async () => {
    await start({ DEFAULT_PHONE_REGION: 'us' });
    const form = await openForm();
    expect(JSON.stringify(form.view.blocks)).toContain('read as US numbers');
    await groups.submit(form, { name: 'Locals', members: '(415) 555-2671\n202-555-0123, Bo' });
    await groups.settled(form);
    expect(groups.group('Locals').members.map((m) => m.phone)).toEqual(['+14155552671', '+12025550123']);
  });

  it('puts bad lines and a missing name on their fields, and sends nothing', async () => {
    await start();
    const form = await openForm();
    const res = await groups.submit(form, {
      name: '   ',
      members: '+14155552671\n12ab\n4155552671\n+1 202\n+1 555 012 3456',
    });
    expect(fieldErrors(res)).toEqual({
      group_name: 'Give the group a name.',
      group_members:
        'Line 2 (12ab): not a phone number; line 3 (4155552671): add the country code (+1 …) or set DEFAULT_PHONE_REGION; line 4 (+1 202): too short for a +1 number; line 5 (+1 555 012 3456): +1 555 012 3456 is in a range that is not issued to anyone',
    });
    expect(world.moltflow.requests).toEqual([]);
    expect(world.slack.views[0]?.updates).toBe(0);
  });

  it('refuses a name another group already has, keeping what was typed', async () => {
    await start();
    groups.groups.add('VIP');
    const form = await openForm();
    await groups.submit(form, { name: ' vip ', members: '+14155552671' });
    const after = await groups.settled(form);
    expect(after.callbackId).toBe('group_create');
    expect(after.text).toContain('A group called *VIP* already exists');
    expect(after.text).toContain('"initial_value":"+14155552671"');
    expect(createRequests()).toEqual([]);
  });

  it('explains the plan limit on groups, naming the plan that allows more, and the form can be sent again', async () => {
    await start();
    groups.groups.maxGroups = 2;
    groups.groups.add('One');
    groups.groups.add('Two');
    const form = await openForm();
    await groups.submit(form, { name: 'Three', members: '+14155552671' });
    const after = await groups.settled(form);
    expect(after.callbackId).toBe('group_create');
    expect(after.text).toContain('Custom group limit reached for your plan (2 groups)');
    expect(after.text).toContain('The Free plan allows 2 custom groups; the Starter plan allows 5.');

    groups.groups.maxGroups = 5;
    const again = await groups.submit(after.view, { name: 'Three', members: '+14155552671' });
    expectWorking(again);
    expect((await groups.settled(after.view)).text).toContain('Created *Three* with 1 member.');
  });

  it("shows MoltFlow's 422 with the number it refused instead of an index", async () => {
    await start();
    world.moltflow.fail(
      { method: 'POST', path: '/custom-groups' },
      {
        kind: 'status',
        status: 422,
        body: {
          detail: [{ loc: ['body', 'members', 1, 'phone'], msg: 'number is blocked', type: 'value_error' }],
        },
      },
    );
    const form = await openForm();
    await groups.submit(form, { name: 'Blocked', members: '+14155552671\n+442079460958' });
    const after = await groups.settled(form);
    expect(after.text).toContain(
      "MoltFlow didn't accept this, so I couldn't create the group: the number +442079460958: number is blocked.",
    );
  });

  it('says when to retry after a 429', async () => {
    await start();
    world.moltflow.fail(
      { method: 'GET', path: '/custom-groups' },
      { kind: 'status', status: 429, headers: { 'Retry-After': '30' }, times: 10 },
    );
    const form = await openForm();
    await groups.submit(form, { name: 'Busy', members: '' });
    const after = await groups.settled(form);
    expect(after.text).toMatch(/rate-limiting.*Try again in 30 s/);
    expect(createRequests()).toEqual([]);
  });

  it('creates once when Submit is double-clicked', async () => {
    await start();
    const form = await openForm();
    const [first, second] = await Promise.all([
      groups.submit(form, { name: 'Once', members: '+14155552671' }),
      groups.submit(form, { name: 'Once', members: '+14155552671' }),
    ]);
    expectWorking(first);
    expect((second.json as { response_action: string }).response_action).toBe('update');
    await groups.settled(form);
    // The duplicate did no work at all: one look at the names, one create.
    expect(world.moltflow.requestsTo('GET', '/custom-groups')).toHaveLength(1);
    expect(createRequests()).toHaveLength(1);
    expect(groups.groups.groups.filter((g) => g.name === 'Once')).toHaveLength(1);
  });

  it('sends more than 1,000 contacts in batches of 1,000 and reports them all', async () => {
    await start();
    const form = await openForm();
    await groups.submit(form, { name: 'Big', members: numbers(2500).join('\n') });
    const after = await groups.settled(form);
    expect(after.text).toContain('Created *Big* with 2,500 members.');
    expect((createRequests()[0]?.body as { members: unknown[] } | undefined)?.members).toHaveLength(1000);
    const adds = world.moltflow.requestsTo('POST', '/custom-groups/:id/members/add');
    expect(adds.map((r) => (r.body as { contacts: unknown[] }).contacts.length)).toEqual([1000, 500]);
    expect(groups.group('Big').members).toHaveLength(2500);
  });

  it('tells the person in the channel when the modal was closed before the work finished', async () => {
    await start();
    const form = await openForm();
    world.slack.failNext('views.update', { error: 'not_found' });
    await groups.submit(form, { name: 'Closed', members: '+14155552671' });
    const note = await world.slack.waitFor(() => world.slack.ephemerals[0]);
    expect(note).toMatchObject({ channel: CHANNEL, user: USER });
    expect(note.text).toContain('Created *Closed* with 1 member.');
  });
});
