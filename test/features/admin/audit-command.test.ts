// `/moltflow audit` through the running app: admins only (a refusal is itself in the trail), the trail
// newest first 20 a page, and Previous / Next redrawing the same private message.

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../../src/store/index.js';
import { validateBlocks } from '../../helpers/block-kit-rules.js';
import { createWorld, SIGNING_SECRET, type TestApp, type World } from '../../helpers/harness.js';
import {
  blockActionPayload,
  postInteraction,
  postSlashCommand,
  TEST_TEAM_ID,
} from '../../helpers/signed-request.js';
import { eventually } from '../../helpers/wait.js';

const ADMIN = 'U0ADMIN';
const MEMBER = 'U0MEMBER';
const CHANNEL = 'C0ADMIN01';

type Block = { type: string; text?: { text: string }; elements?: { action_id: string; value: string }[] };
type Message = { text: string; blocks?: Block[]; response_type?: string; replace_original?: boolean };

const sections = (m: Message) =>
  (m.blocks ?? []).filter((b) => b.type === 'section').map((b) => b.text?.text);
const buttons = (m: Message) =>
  (m.blocks ?? []).flatMap((b) => (b.type === 'actions' ? (b.elements ?? []) : []));

describe('/moltflow audit', () => {
  let world: World;
  let app: TestApp;

  beforeEach(async () => {
    world = await createWorld();
    world.slack.setUser(MEMBER, { is_admin: false });
    app = await world.startApp();
  });
  afterEach(async () => {
    expect(world.slack.rejections).toEqual([]);
    expect(world.slack.warnings).toEqual([]);
    await world.close();
  });

  const trail = () => app.service.ctx.store.audit.list({ offset: 0, limit: 100 });
  /** The command's answer: it reads only the store, so it comes in the ack. */
  const audit = async (text = 'audit', userId = ADMIN): Promise<Message> => {
    const res = await postSlashCommand(app.eventsUrl, SIGNING_SECRET, {
      command: '/moltflow',
      text,
      userId,
      channelId: CHANNEL,
      responseUrl: world.slack.responseUrl(),
    });
    expect(res.status).toBe(200);
    return res.json as Message;
  };
  const click = async (button: { action_id: string; value: string } | undefined, userId = ADMIN) => {
    if (!button) throw new Error('no such button');
    const responseUrl = world.slack.responseUrl();
    const res = await postInteraction(
      app.eventsUrl,
      SIGNING_SECRET,
      blockActionPayload({
        actionId: button.action_id,
        value: button.value,
        userId,
        channelId: CHANNEL,
        messageTs: '1700000000.000100',
        responseUrl,
      }),
    );
    expect(res.status).toBe(200);
    return world.slack.waitFor(
      () => world.slack.responses.find((r) => r.url === responseUrl)?.body as Message | undefined,
    );
  };
  const seed = async (n: number) => {
    const start = Date.now() - 86_400_000; // older than anything the app records during the test
    for (let i = 0; i < n; i += 1) {
      const entry: AuditEntry = {
        actor: `U0P${i}`,
        team: TEST_TEAM_ID,
        action: 'group.renamed',
        target: `g-${i} (Group ${i})`,
        outcome: 'ok',
        at: new Date(start + i * 60_000),
      };
      await app.service.ctx.store.audit.record(entry);
    }
  };

  it('says there is nothing yet, and reading the trail is not itself an entry', async () => {
    const shown = await audit();
    expect(shown.response_type).toBe('ephemeral');
    expect(shown.text).toBe('Audit trail: no entries yet.');
    expect(sections(shown)[0]).toContain('No entries yet');
    expect(await trail()).toEqual([]);
  });

  it('refuses a member privately, makes the refusal an entry, and shows it to an admin', async () => {
    const refused = await audit('audit', MEMBER);
    expect(refused.response_type).toBe('ephemeral');
    expect(refused.text).toMatch(/^You need the admin role to read the audit trail/);
    expect(refused.blocks).toBeUndefined();

    // The refusal is written just after the ack.
    await eventually(async () => (await trail()).length > 0);
    expect(await trail()).toEqual([
      {
        actor: MEMBER,
        team: TEST_TEAM_ID,
        action: 'denied',
        target: '/moltflow audit',
        outcome: 'denied',
        detail: 'needs admin',
        at: expect.any(Date),
      },
    ]);
    const shown = await audit();
    expect(shown.text).toBe('Audit trail: 1–1 of 1 entry, newest first.');
    expect(sections(shown)[0]).toMatch(
      new RegExp(
        `^<!date\\^\\d+\\^.*> · <@${MEMBER}> · \`denied\` · /moltflow audit · :no_entry: _needs admin_$`,
      ),
    );
  });

  it('refuses a member the page buttons too, and answers with no page', async () => {
    await seed(45);
    const refused = await click({ action_id: 'moltflow_audit_page_next', value: '20' }, MEMBER);
    expect(refused.text).toMatch(/^You need the admin role to read the audit trail/);
    expect(refused.blocks).toBeUndefined();
    const denial = await eventually(async () => (await trail()).find((e) => e.action === 'denied'));
    expect(denial).toMatchObject({ actor: MEMBER, outcome: 'denied', target: 'moltflow_audit_page_next' });
    expect((await trail())[0]).toEqual(denial); // the newest entry
  });

  it('pages 45 entries 20 at a time, newest first, with Previous / Next redrawing the same message', async () => {
    await seed(45);
    const first = await audit();
    expect(validateBlocks(first.blocks, 'message')).toEqual([]);
    expect(first.text).toBe('Audit trail: 1–20 of 45 entries, newest first.');
    expect(JSON.stringify(first.blocks?.[0])).toContain('Audit trail · 45 entries');
    expect(sections(first)).toHaveLength(20);
    expect(sections(first)[0]).toContain('<@U0P44> · `group.renamed` · g-44 (Group 44) · :white_check_mark:');
    expect(sections(first)[19]).toContain('g-25 (Group 25)');
    expect(buttons(first).map((b) => b.action_id)).toEqual(['moltflow_audit_page_next']);

    const second = await click(buttons(first)[0]);
    expect(second).toMatchObject({ response_type: 'ephemeral', replace_original: true });
    expect(second.text).toBe('Audit trail: 21–40 of 45 entries, newest first.');
    expect(sections(second)[0]).toContain('g-24 (Group 24)');
    expect(buttons(second).map((b) => b.action_id)).toEqual([
      'moltflow_audit_page_prev',
      'moltflow_audit_page_next',
    ]);

    const third = await click(buttons(second)[1]);
    expect(third.text).toBe('Audit trail: 41–45 of 45 entries, newest first.');
    expect(sections(third).map((s) => /g-(\d+)/.exec(s ?? '')?.[1])).toEqual(['4', '3', '2', '1', '0']);
    expect(buttons(third).map((b) => b.action_id)).toEqual(['moltflow_audit_page_prev']);

    const back = await click(buttons(third)[0]);
    expect(back.text).toBe('Audit trail: 21–40 of 45 entries, newest first.');
  });

  it('opens the page asked for, the last one past the end, and explains a word that is not a page', async () => {
    await seed(45);
    expect((await audit('audit 3')).text).toBe('Audit trail: 41–45 of 45 entries, newest first.');
    expect((await audit('audit 99')).text).toBe('Audit trail: 41–45 of 45 entries, newest first.');
    const wrong = await audit('audit <!channel>');
    expect(wrong.text).toContain('is not a page number');
    expect(wrong.text).not.toContain('<!channel>');
  });

  it('is listed in /moltflow help', async () => {
    const help = await audit('help');
    expect(help.text).toContain('/moltflow audit');
    expect(JSON.stringify(help.blocks)).toContain('`/moltflow audit [page]`');
  });
});
