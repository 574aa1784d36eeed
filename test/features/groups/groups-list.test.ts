import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createWorld, type World } from '../../helpers/harness.js';
import { type Block, GroupsDriver, numbers } from './groups-driver.js';

describe('/groups, /groups show and /groups contacts', () => {
  let world: World;
  let groups: GroupsDriver;

  beforeEach(async () => {
    world = await createWorld();
    groups = new GroupsDriver(world, await world.startApp());
  });
  afterEach(async () => {
    expect(world.slack.rejections).toEqual([]);
    expect(world.slack.warnings).toEqual([]);
    await world.close();
  });

  const buttons = (blocks: Block[] = []) =>
    blocks
      .filter((b) => b.type === 'actions')
      .flatMap((b) => (b.elements ?? []).map((e) => `${e.action_id}=${e.value ?? ''}`));
  /** Every mrkdwn text in the blocks (plain_text is shown literally, so only these could ping). */
  const mrkdwn = (blocks: unknown): string[] =>
    JSON.stringify(blocks).match(/"type":"mrkdwn","text":"(?:[^"\\]|\\.)*"/g) ?? [];

  it('lists each group with its member count and what can be done, privately and escaped', async () => {
    const vip = groups.groups.add('VIP <!channel>', [{ phone: '+14155552671' }, { phone: '+442079460958' }]);
    groups.groups.add('Empty');
    const { reply } = await groups.command('');
    const list = await reply();

    expect(list.response_type).toBe('ephemeral');
    const shown = JSON.stringify(list.blocks);
    expect(shown).toContain('*VIP &lt;!channel&gt;*\\n2 members · created <!date^');
    expect(shown).toContain('*Empty*\\n0 members');
    expect(mrkdwn(list.blocks).join('\n')).not.toContain('<!channel>');
    expect(mrkdwn(list.blocks).length).toBeGreaterThan(2);
    expect(list.text).toContain('VIP &lt;!channel&gt; (2 members)');
    expect(buttons(list.blocks)).toEqual(
      expect.arrayContaining([
        `group_show=${vip.id}`,
        `group_export_csv=${vip.id}`,
        `group_delete=${vip.id}`,
      ]),
    );
    const del = list.blocks?.flatMap((b) => b.elements ?? []).find((e) => e.action_id === 'group_delete');
    expect(del?.confirm?.text.text).toBe("Delete “VIP <!channel>” and its 2 members? This can't be undone.");
    const menu = list.blocks?.find((b) => b.accessory?.action_id === 'group_menu')?.accessory;
    expect(menu?.options.map((o) => o.value)).toEqual([
      `add:${vip.id}`,
      `remove:${vip.id}`,
      `rename:${vip.id}`,
      `json:${vip.id}`,
    ]);
  });

  it('says how to start when there are no groups', async () => {
    const { reply } = await groups.command('list');
    expect((await reply()).text).toBe('You have no contact groups yet. Create one with `/groups create`.');
  });

  it('pages through more than 20 groups', async () => {
    for (let i = 1; i <= 45; i++) groups.groups.add(`Group ${String(i).padStart(2, '0')}`);
    const first = await (await groups.command('')).reply();
    expect(first.text).toMatch(/^Contact groups \(1–20 of 45\)/);
    expect(first.blocks?.length).toBeLessThanOrEqual(50);
    expect(buttons(first.blocks)).toContain('group_list_page_next=20');

    const { reply } = await groups.click('group_list_page_next', '40');
    const last = await reply();
    expect(last.replace_original).toBe(true);
    expect(last.text).toMatch(/^Contact groups \(41–45 of 45\): Group 41/);
    expect(buttons(last.blocks)).toContain('group_list_page_prev=20');
    expect(buttons(last.blocks).some((b) => b.startsWith('group_list_page_next'))).toBe(false);
  });

  it('shows members 20 at a time, from the command and the list button', async () => {
    const big = groups.groups.add(
      'Big',
      numbers(45).map((phone, i) => ({ phone, name: i === 0 ? 'Ana <@U123>' : null })),
    );
    const page1 = await (await groups.command('show big')).reply();
    expect(page1.text).toBe('Big: 45 members · page 1 of 3');
    const shown = JSON.stringify(page1.blocks);
    expect(shown).toContain('• +14155550000 · Ana &lt;@U123&gt;');
    expect(shown).toContain('+14155550019');
    expect(shown).not.toContain('+14155550020');

    const fromList = await (await groups.click('group_show', big.id)).reply();
    expect(fromList.replace_original).toBe(false);
    expect(buttons(fromList.blocks)).toEqual([
      `group_members_page_next=${JSON.stringify({ g: big.id, p: 1 })}`,
    ]);

    const page3 = await (
      await groups.click('group_members_page_next', JSON.stringify({ g: big.id, p: 2 }))
    ).reply();
    expect(page3.replace_original).toBe(true);
    expect(page3.text).toBe('Big: 45 members · page 3 of 3');
    expect(JSON.stringify(page3.blocks)).toContain('+14155550044');
  });

  it('says when a group shown from an old list is gone', async () => {
    const { reply } = await groups.click('group_show', '00000000-0000-4000-8000-000000000000');
    expect((await reply()).text).toContain(
      "I couldn't show the members: that group no longer exists in MoltFlow",
    );
  });

  it('pages through the unique contacts across sessions', async () => {
    groups.groups.add(
      'A',
      numbers(15).map((phone) => ({ phone, name: 'Contact' })),
    );
    groups.groups.add(
      'B',
      numbers(15, 10).map((phone) => ({ phone })),
    );
    const first = await (await groups.command('contacts')).reply();
    expect(first.text).toBe('Contacts across your sessions: 1–20 of 25');
    expect(buttons(first.blocks)).toEqual(['group_contacts_page_next=20']);

    const second = await (await groups.click('group_contacts_page_next', '20')).reply();
    expect(second.text).toBe('Contacts across your sessions: 21–25 of 25');
    expect(world.moltflow.requestsTo('GET', '/custom-groups/contacts').at(-1)?.query).toEqual({
      limit: '20',
      offset: '20',
    });
  });

  it('answers help and unknown words in the ack, and asks which group when none is given', async () => {
    const help = await groups.command('help');
    expect(JSON.stringify(help.res.json)).toContain('/groups export <group> csv|json');
    const unknown = await groups.command('frobnicate');
    expect((unknown.res.json as { text: string }).text).toContain("I don't know `frobnicate`");
    const missing = await groups.command('show');
    expect((missing.res.json as { text: string }).text).toContain(
      'Which group? For example `/groups show VIP buyers`',
    );
    expect(world.moltflow.requests).toEqual([]);
  });

  it('explains a MoltFlow failure while listing', async () => {
    world.moltflow.fail({ method: 'GET', path: '/custom-groups' }, { kind: 'status', status: 401 });
    const { reply } = await groups.command('');
    expect((await reply()).text).toContain(
      "MoltFlow rejected the app's API key, so I couldn't list your groups",
    );
  });
});
