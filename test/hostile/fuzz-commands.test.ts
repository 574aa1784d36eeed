// Every slash command in manifest.yml, fed hostile and random text: always acked, always a clear answer, no
// crash, no ping, no planted link. Seeded, so a failure replays exactly.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { createWorld, SIGNING_SECRET, type TestApp, type World } from '../helpers/harness.js';
import { postSlashCommand } from '../helpers/signed-request.js';
import { HOSTILE_STRINGS, mulberry32, PLANTED, parsedTexts, randomText } from './hostile.js';

interface ManifestCommand {
  command: string;
  usage_hint?: string;
}
const manifest = parse(readFileSync('manifest.yml', 'utf8')) as {
  features: { slash_commands: ManifestCommand[] };
};
const commands = manifest.features.slash_commands;

/** Subcommand words from the usage hint ("help | status" → help, status), so fuzzing reaches deeper paths. */
const subcommands = (hint = '') => [...new Set(hint.match(/(?<![<\w])[a-z][a-z-]+(?![\w>])/g) ?? [])];

describe.each(commands)('$command under hostile input', ({ command, usage_hint }) => {
  let world: World;
  let app: TestApp;
  beforeAll(async () => {
    world = await createWorld();
    world.moltflow.addLeads(3);
    app = await world.startApp();
  });
  afterAll(async () => {
    await world.close();
  });

  const random = mulberry32(command.length * 7919);
  const words = subcommands(usage_hint);
  const inputs = [
    '',
    ...HOSTILE_STRINGS,
    ...words.flatMap((word) => HOSTILE_STRINGS.slice(0, 6).map((h) => `${word} ${h}`)),
    ...Array.from({ length: 12 }, () => randomText(random, words)),
  ];

  it.each(inputs.map((text, i) => [i, text] as const))(
    'input #%i is acked with a clear, inert answer',
    async (_i, text) => {
      const before = snapshot(world);
      const res = await postSlashCommand(app.eventsUrl, SIGNING_SECRET, {
        command,
        text,
        userId: 'U0FUZZER',
        channelId: 'C0FUZZ001',
        responseUrl: world.slack.responseUrl(`fuzz-${command}`),
        triggerId: `${Date.now()}.1.fuzz`,
      });
      expect(res.status).toBe(200);

      // A clear answer: in the ack itself, or soon after through response_url, an ephemeral, a DM or a modal.
      const ackAnswered = typeof res.json === 'object' && res.json !== null && 'text' in res.json;
      if (!ackAnswered) await world.slack.waitFor(() => answeredSince(world, before), { timeoutMs: 8_000 });

      const everything = [res.json, ...sentSince(world, before)];
      for (const text of everything.flatMap(parsedTexts)) {
        for (const planted of PLANTED) expect(text).not.toContain(planted);
      }
      expect(app.logs.filter((l) => l.includes('unhandled error'))).toEqual([]);
    },
  );

  it('is still healthy afterwards, and Slack accepted every payload', async () => {
    expect((await fetch(`${app.baseUrl}/healthz`)).status).toBe(200);
    expect(world.slack.rejections).toEqual([]);
    expect(world.slack.warnings).toEqual([]);
  });
});

function snapshot(world: World) {
  return { calls: world.slack.calls.length, responses: world.slack.responses.length };
}

function answeredSince(world: World, before: ReturnType<typeof snapshot>): boolean {
  if (world.slack.responses.length > before.responses) return true;
  return world.slack.calls
    .slice(before.calls)
    .some((c) =>
      ['chat.postEphemeral', 'chat.postMessage', 'views.open', 'files.completeUploadExternal'].includes(
        c.method,
      ),
    );
}

function sentSince(world: World, before: ReturnType<typeof snapshot>): unknown[] {
  return [
    ...world.slack.responses.slice(before.responses).map((r) => r.body),
    ...world.slack.calls.slice(before.calls).map((c) => c.args),
  ];
}
