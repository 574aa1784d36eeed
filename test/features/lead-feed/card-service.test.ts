// The card service on its own: a real WebClient against the fake Slack, a real (in-memory) store.
import { LogLevel, WebClient } from '@slack/web-api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Lead } from '../../../src/domain/lead.js';
import { type CardRedrawDeps, redrawLeadCard } from '../../../src/features/lead-feed/card-service.js';
import { buildLeadCard } from '../../../src/features/lead-feed/lead-card.js';
import { createLogger } from '../../../src/log.js';
import { openStore, type Store } from '../../../src/store/index.js';
import { FakeSlack } from '../../helpers/fake-slack.js';

const CHANNEL = 'C0LEADS';
const NOW = new Date('2026-11-24T10:00:00Z');
const lead = (over: Partial<Lead> = {}): Lead => ({
  id: '3f2b6c1e-9a4d-4c57-8e0f-1a2b3c4d5e6f',
  phone: '+15550001111',
  name: 'Ana Souza',
  status: 'new',
  score: null,
  detectedAt: new Date('2026-11-24T09:00:00Z'),
  sourceGroup: { id: 'g1', name: 'Buyers Club' },
  keyword: 'price',
  preview: 'What is the price?',
  monitorMode: null,
  messageCount: null,
  ...over,
});

describe('card service: redrawLeadCard', () => {
  let slack: FakeSlack;
  let store: Store;
  let logs: string[];
  let deps: CardRedrawDeps;
  let card: { channel: string; ts: string };

  beforeEach(async () => {
    slack = await FakeSlack.start();
    store = await openStore('sqlite::memory:');
    logs = [];
    const client = new WebClient('xoxb-test', {
      slackApiUrl: slack.apiUrl,
      retryConfig: { retries: 0 },
      logLevel: LogLevel.ERROR,
    });
    deps = {
      slack: client,
      store,
      logger: createLogger({ level: 'debug', write: (line) => logs.push(line) }),
      now: () => NOW,
    };
    // A card as the feed posts it, recorded as posted and showing `new`.
    const posted = await client.chat.postMessage({ channel: CHANNEL, ...buildLeadCard(lead()) });
    card = { channel: CHANNEL, ts: posted.ts as string };
    await store.markPosted(lead().id, CHANNEL, card.ts, lead());
    slack.calls.length = 0;
  });
  afterEach(async () => {
    await store.close();
    await slack.close();
  });

  const moved = lead({ status: 'contacted' });
  const byAna = { by: 'U0ANA', at: NOW };

  it('redraws the card, records what it shows and tells the thread, never broadcast', async () => {
    const outcome = await redrawLeadCard(deps, {
      card,
      lead: moved,
      context: { changedBy: 'U0ANA', changedAt: NOW },
      change: byAna,
      thread: { from: 'new', by: { userId: 'U0ANA' } },
    });

    expect(outcome).toBe('redrawn');
    const shown = slack.findMessage(CHANNEL, card.ts);
    expect(shown?.edits).toBe(1);
    expect(shown?.metadata?.event_payload).toEqual({ lead_id: moved.id, status: 'contacted' });
    expect(JSON.stringify(shown?.blocks)).toContain('set by <@U0ANA>');
    expect(await store.getLeadRecord(moved.id)).toMatchObject({
      shownStatus: 'contacted',
      changedBy: 'U0ANA',
    });

    const [line] = slack.callsTo('chat.postMessage');
    expect(line?.args).toMatchObject({
      channel: CHANNEL,
      thread_ts: card.ts,
      text: 'New → Contacted by <@U0ANA>',
    });
    expect(String(line?.args.reply_broadcast)).toBe('false');
    expect(String(line?.args.unfurl_links)).toBe('false');
    expect(slack.warnings).toEqual([]);
  });

  it('writes no thread line when the status did not change', async () => {
    const outcome = await redrawLeadCard(deps, {
      card,
      lead: lead(),
      context: {},
      change: null,
      thread: { from: 'new', by: 'moltflow' },
    });

    expect(outcome).toBe('redrawn');
    expect(slack.callsTo('chat.postMessage')).toHaveLength(0);
  });

  it('remembers the status of a deleted card, so no one retries it forever; no thread line', async () => {
    await deps.slack.chat.delete({ channel: CHANNEL, ts: card.ts });

    const outcome = await redrawLeadCard(deps, {
      card,
      lead: moved,
      context: { changedOutside: true },
      change: null,
      thread: { from: 'new', by: 'moltflow' },
    });

    expect(outcome).toBe('card_gone');
    expect((await store.getLeadRecord(moved.id))?.shownStatus).toBe('contacted');
    expect(slack.callsTo('chat.postMessage')).toHaveLength(0);
    expect(logs.some((l) => l.includes('message_not_found'))).toBe(true);
  });

  it('leaves the shown status alone on any other failure, so the next pass tries again', async () => {
    slack.failNext('chat.update', { error: 'fatal_error' });

    const outcome = await redrawLeadCard(deps, { card, lead: moved, context: {}, change: byAna });

    expect(outcome).toBe('failed');
    expect((await store.getLeadRecord(moved.id))?.shownStatus).toBe('new');
  });

  it('counts a redraw whose thread line failed as redrawn, and logs the line', async () => {
    slack.failNext('chat.postMessage', { error: 'fatal_error' });

    const outcome = await redrawLeadCard(deps, {
      card,
      lead: moved,
      context: { changedBy: 'U0ANA', changedAt: NOW },
      change: byAna,
      thread: { from: 'new', by: { userId: 'U0ANA' } },
    });

    expect(outcome).toBe('redrawn');
    expect(slack.findMessage(CHANNEL, card.ts)?.edits).toBe(1);
    expect((await store.getLeadRecord(moved.id))?.shownStatus).toBe('contacted');
    expect(slack.messages(CHANNEL).filter((m) => m.thread_ts)).toHaveLength(0);
    expect(logs.some((l) => l.includes('could not write a status change in a card thread'))).toBe(true);
  });
});
