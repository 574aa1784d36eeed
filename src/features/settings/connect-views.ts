// The "Connect MoltFlow" modal: the key form (never pre-filled, never echoed back), the "Checking your key…"
// view shown in the submit's ack, the success view, and the form again with the problem next to the field.
// A key is shown only as `…abcd`.
import type { KnownBlock, ModalView } from '@slack/types';
import { z } from 'zod';
import type { KeyCheckResult, MissingAccess } from '../../api/account/key-check.js';
import { dateToken, escapeMrkdwn, md, plain } from '../../slack/blocks.js';
import { type MoltflowConnection, maskedKey } from '../../store/workspace-settings.js';

export const CONNECT_MODAL = {
  callbackId: 'settings_connect',
  keyBlock: 'moltflow_key',
  keyAction: 'key',
  problemBlock: 'moltflow_key_problem',
} as const;

const KEY_MAX = 200;

/** Why the form is shown again, in words placed right under the key field. */
export type ConnectProblem =
  | { kind: 'invalid' }
  | { kind: 'unreachable'; reason: Extract<KeyCheckResult, { outcome: 'unreachable' }>['reason'] }
  | { kind: 'lead_feed'; missing: MissingAccess }
  | { kind: 'failed' };

export function describeConnectProblem(problem: ConnectProblem): string {
  switch (problem.kind) {
    case 'invalid':
      return 'MoltFlow did not accept this key. Copy it again from MoltFlow → Settings → API keys (it starts with `mf_`).';
    case 'unreachable': {
      const why = {
        timeout: 'did not answer in time',
        connection: 'could not be reached',
        server: 'had a problem answering',
        rate_limited: 'is limiting this key’s requests right now',
      }[problem.reason];
      return `MoltFlow ${why}, so the key could not be checked. Nothing was saved; please try again in a moment.`;
    }
    case 'lead_feed':
      return `This key lacks ${scopeList(problem.missing.scopes)}, which ${escapeMrkdwn(problem.missing.disables)} need, so it was not saved. Give the key that scope in MoltFlow (or create one with it) and try again.`;
    case 'failed':
      return 'Something went wrong while checking the key. Nothing was saved; please try again.';
  }
}

const scopeList = (scopes: readonly string[]) => scopes.map((s) => `\`${escapeMrkdwn(s)}\``).join(', ');

function currentLine(current: MoltflowConnection | undefined): KnownBlock[] {
  if (!current) return [];
  const plan = current.planName ?? 'unknown plan';
  return [
    {
      type: 'context',
      elements: [
        md(
          `Connected now: key \`${escapeMrkdwn(maskedKey(current.last4))}\` (${escapeMrkdwn(plan)}), by <@${current.connectedBy}> ${dateToken(current.connectedAt)}. A new key replaces it.`,
        ),
      ],
    },
  ];
}

export function buildConnectModal(
  opts: { current?: MoltflowConnection; problem?: ConnectProblem } = {},
): ModalView {
  const blocks: KnownBlock[] = [
    {
      type: 'section',
      text: md(
        'Paste an API key from MoltFlow → Settings → API keys. It is checked live, then stored encrypted; afterwards only its last four characters are shown.',
      ),
    },
    ...currentLine(opts.current),
    {
      type: 'input',
      block_id: CONNECT_MODAL.keyBlock,
      label: plain('MoltFlow API key'),
      hint: plain(
        'The app needs leads:read for the lead feed; other scopes turn on /groups, /bulksend and /schedule.',
      ),
      element: {
        type: 'plain_text_input',
        action_id: CONNECT_MODAL.keyAction,
        max_length: KEY_MAX,
        placeholder: plain('mf_…'),
      },
    },
  ];
  if (opts.problem) {
    blocks.push({
      type: 'context',
      block_id: CONNECT_MODAL.problemBlock,
      elements: [md(`:warning: ${describeConnectProblem(opts.problem)}`)],
    });
  }
  return {
    type: 'modal',
    callback_id: CONNECT_MODAL.callbackId,
    title: plain('Connect MoltFlow'),
    submit: plain('Check and connect'),
    close: plain('Cancel'),
    blocks,
  };
}

export function buildCheckingModal(): ModalView {
  return {
    type: 'modal',
    title: plain('Connect MoltFlow'),
    close: plain('Close'),
    blocks: [{ type: 'section', text: md(':hourglass_flowing_sand: Checking your key with MoltFlow…') }],
  };
}

export function buildConnectedModal(
  connection: MoltflowConnection,
  missing: readonly MissingAccess[],
): ModalView {
  const plan = connection.planName
    ? `*${escapeMrkdwn(connection.planName)}* plan: ${connection.requestsPerMinute} requests a minute.`
    : `Plan unknown (the key cannot read usage): the app assumes ${connection.requestsPerMinute} requests a minute.`;
  const blocks: KnownBlock[] = [
    {
      type: 'section',
      text: md(
        `:white_check_mark: MoltFlow is connected with key \`${escapeMrkdwn(maskedKey(connection.last4))}\`.\n${plan}`,
      ),
    },
  ];
  if (missing.length > 0) {
    const lines = missing.map((m) => `• ${scopeList(m.scopes)}: ${escapeMrkdwn(m.disables)} will not work`);
    blocks.push({
      type: 'section',
      text: md(
        `:warning: Connected with a warning: the key lacks some scopes.\n${lines.join('\n')}\nAdd them to the key in MoltFlow and connect it again to turn those on.`,
      ),
    });
  }
  return {
    type: 'modal',
    title: plain('Connect MoltFlow'),
    close: plain('Done'),
    blocks,
  };
}

/** A notice when keys cannot be stored on this deployment. */
export function buildNoEncryptionModal(): ModalView {
  return {
    type: 'modal',
    title: plain('Connect MoltFlow'),
    close: plain('Close'),
    blocks: [
      {
        type: 'section',
        text: md(
          ':lock: This deployment cannot store MoltFlow keys yet: the server needs `ENCRYPTION_KEY` (32 random bytes, base64). Ask whoever runs the app to set it.',
        ),
      },
    ],
  };
}

const KeyValues = z.object({
  [CONNECT_MODAL.keyBlock]: z.object({
    [CONNECT_MODAL.keyAction]: z.object({ value: z.string().nullish() }),
  }),
});

/** The typed key, trimmed; an error for the field when it cannot be a key. */
export function parseConnectSubmission(
  values: unknown,
): { ok: true; apiKey: string } | { ok: false; errors: Record<string, string> } {
  const parsed = KeyValues.safeParse(values);
  const apiKey = parsed.success
    ? (parsed.data[CONNECT_MODAL.keyBlock][CONNECT_MODAL.keyAction].value ?? '').trim()
    : '';
  if (apiKey.length < 8 || /\s/.test(apiKey)) {
    return {
      ok: false,
      errors: {
        [CONNECT_MODAL.keyBlock]: 'That does not look like a MoltFlow API key (one word, e.g. mf_…).',
      },
    };
  }
  return { ok: true, apiKey };
}
