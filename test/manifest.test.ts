import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { BOT_SCOPES } from '../src/slack/oauth/installer.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const schemaDir = `${root}test/fixtures/slack-manifest-schema/`;
const readJson = (file: string): Record<string, unknown> =>
  JSON.parse(readFileSync(schemaDir + file, 'utf8'));

// manifest.schema.json dispatches on _metadata.major_version to these two, by absolute URL.
const SUB_SCHEMAS = {
  'manifest.schema.1.0.0.json':
    'https://raw.githubusercontent.com/slackapi/manifest-schema/v0.5.0/schemas/manifest.schema.1.0.0.json',
  'manifest.schema.2.0.0.json':
    'https://raw.githubusercontent.com/slackapi/manifest-schema/v0.5.0/schemas/manifest.schema.2.0.0.json',
} as const;

interface Manifest {
  features: { slash_commands: { command: string }[] };
  oauth_config: { scopes: { bot: string[] }; redirect_urls?: string[] };
  settings: Record<string, unknown>;
}

function buildValidator() {
  // strict: false because the published schema uses non-standard keywords (e.g. "regex").
  const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
  for (const [file, url] of Object.entries(SUB_SCHEMAS)) ajv.addSchema(readJson(file), url);
  return ajv.compile(readJson('manifest.schema.json'));
}

const manifest = parse(readFileSync(`${root}manifest.yml`, 'utf8')) as Manifest;
const validate = buildValidator();

describe('manifest.yml', () => {
  it('refers to the sub-schema URLs this test registers', () => {
    const refs = JSON.stringify(readJson('manifest.schema.json'));
    for (const url of Object.values(SUB_SCHEMAS)) expect(refs).toContain(url);
  });

  it('is a valid Slack app manifest', () => {
    const ok = validate(manifest);
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  });

  it('fails validation when a command lacks its leading slash (the check can fail)', () => {
    const broken = structuredClone(manifest);
    const first = broken.features.slash_commands[0];
    if (!first) throw new Error('manifest has no slash command');
    first.command = 'moltflow';
    expect(validate(broken)).toBe(false);
    expect(JSON.stringify(validate.errors)).toContain('slash_commands');
  });

  it('fails validation when the long description is too short', () => {
    const broken = structuredClone(manifest) as Manifest & {
      display_information: { long_description: string };
    };
    broken.display_information.long_description = 'Too short.';
    expect(validate(broken)).toBe(false);
  });

  it('asks for exactly the scopes the app uses and runs in HTTP mode', () => {
    expect([...manifest.oauth_config.scopes.bot].sort()).toEqual(
      [
        'channels:history',
        'channels:join',
        'channels:read',
        'groups:read',
        'chat:write',
        'commands',
        'groups:history',
        'files:write',
        'im:write',
        'usergroups:read',
        'users:read',
      ].sort(),
    );
    expect(manifest.features.slash_commands.map((c) => c.command)).toEqual([
      '/moltflow',
      '/leads',
      '/groups',
      '/bulksend',
      '/schedule',
    ]);
    expect(manifest.settings).toMatchObject({
      socket_mode_enabled: false,
      org_deploy_enabled: true,
      token_rotation_enabled: false,
      interactivity: { is_enabled: true, request_url: 'https://moltflow-slack.example.com/slack/events' },
    });
  });

  it('asks "Add to Slack" for exactly the manifest’s bot scopes, and sends installers back to the app', () => {
    expect([...BOT_SCOPES].sort()).toEqual([...manifest.oauth_config.scopes.bot].sort());
    expect(manifest.oauth_config.redirect_urls).toEqual([
      'https://moltflow-slack.example.com/slack/oauth_redirect',
    ]);
    expect(manifest.settings.event_subscriptions).toEqual({
      request_url: 'https://moltflow-slack.example.com/slack/events',
      bot_events: expect.arrayContaining(['app_uninstalled', 'tokens_revoked']),
    });
  });

  // Every command the manifest promises must have a handler. Until src/commands has files, skip.
  const commandsDir = `${root}src/commands`;
  const sources = existsSync(commandsDir)
    ? readdirSync(commandsDir, { recursive: true, encoding: 'utf8' })
        .filter((f) => f.endsWith('.ts'))
        .map((f) => readFileSync(`${commandsDir}/${f}`, 'utf8'))
    : [];
  it.skipIf(sources.length === 0)('declares only commands that src/commands registers', () => {
    const all = sources.join('\n');
    for (const { command } of manifest.features.slash_commands) {
      expect(all, `${command} has no handler in src/commands`).toMatch(new RegExp(`['"\`]${command}['"\`]`));
    }
  });
});
