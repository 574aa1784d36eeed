// Personal data stays where it belongs (issue 9). An export (leads, a contact group's members) holds names and
// phone numbers, so it goes to the requester's direct message with the app, never into the channel where it
// was asked for: a channel is read by people who were not asked, guests included, and keeps the file for
// good. The file is made safe to open in a spreadsheet first (domain/export-rows.ts), and every export,
// delivered or not, is written to the audit trail: who, what, how many rows. Never the rows themselves.
import type { webApi } from '@slack/bolt';
import { MoltflowHttpError } from '../api/errors.js';
import type { SafeExport } from '../domain/export-rows.js';
import type { Logger } from '../log.js';
import type { AuditStore } from '../store/index.js';
import { escapeMrkdwn } from './blocks.js';
import { slackErrorCode } from './slack-errors.js';

export type ExportFileFormat = 'csv' | 'json';

/** Who exported what, for the audit trail. `target` names the thing (filters, a group id and name). */
export interface ExportRecord {
  actor: string;
  team: string;
  target: string;
  format: ExportFileFormat;
}

export interface ExportDeliveryDeps {
  client: webApi.WebClient;
  audit: AuditStore;
  logger: Logger;
  now: () => Date;
}

export const PERSONAL_DATA_NOTE =
  'It holds personal data (names and phone numbers): keep it here, out of channels and shared drives.';

const plural = (n: number, one: string, many: string) =>
  `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;

/** The lines under the file in the DM: the personal-data warning, and what was done to formula cells. */
export function buildExportFileNote(file: SafeExport): string {
  const cells =
    file.neutralised > 0
      ? ` ${plural(file.neutralised, 'cell', 'cells')} began with =, +, - or @ (phone numbers too), so ` +
        "they start with ' to keep spreadsheets from running them as formulas."
      : '';
  return `${PERSONAL_DATA_NOTE}${cells}`;
}

/** `3 rows, csv`: the audit detail of an export (never its content). */
export const exportDetail = (rows: number, format: ExportFileFormat) =>
  `${plural(rows, 'row', 'rows')}, ${format}`;

/** Writes one export to the audit trail; a store failure is logged, never thrown at the person. */
export async function recordExport(
  deps: Pick<ExportDeliveryDeps, 'audit' | 'logger' | 'now'>,
  who: ExportRecord,
  outcome: 'ok' | 'failed',
  detail: string,
): Promise<void> {
  try {
    await deps.audit.record({
      actor: who.actor,
      team: who.team,
      action: 'export',
      target: who.target,
      outcome,
      detail,
      at: deps.now(),
    });
  } catch (error) {
    deps.logger.warn('could not write an export to the audit trail', { error });
  }
}

/** Why an export failed before there was a file, in audit words (a status or a class, no server text). */
export function describeExportFailure(err: unknown, format: ExportFileFormat): string {
  const why =
    err instanceof MoltflowHttpError
      ? `MoltFlow HTTP ${err.status}`
      : err instanceof Error
        ? err.name
        : 'unknown error';
  return `${format}; ${why}`;
}

export type DmDelivery = { ok: true } | { ok: false; code: string };

/**
 * Uploads `file` into the person's DM with the app (conversations.open, then files.uploadV2) and audits the
 * outcome. On failure, says nothing to the person: the caller knows where to answer.
 */
export async function sendExportToDm(
  deps: ExportDeliveryDeps,
  who: ExportRecord,
  upload: { file: SafeExport; filename: string; title: string; comment: string },
): Promise<DmDelivery> {
  const detail = exportDetail(upload.file.rows, who.format);
  try {
    const dm = await deps.client.conversations.open({ users: who.actor });
    const channel = dm.channel?.id;
    if (!channel) throw new Error('conversations.open returned no channel');
    await deps.client.filesUploadV2({
      channel_id: channel,
      filename: upload.filename,
      title: upload.title,
      content: upload.file.content,
      initial_comment: upload.comment,
    });
  } catch (err) {
    const code = slackErrorCode(err) ?? 'upload_failed';
    deps.logger.warn('could not send an export to the person’s DM', { error: code, target: who.target });
    await recordExport(deps, who, 'failed', `${detail}; Slack ${code}`);
    return { ok: false, code };
  }
  await recordExport(deps, who, 'ok', detail);
  return { ok: true };
}

/** The private answer when Slack would not take the file. */
export function buildDmFailedText(code: string): string {
  return (
    `The export worked, but Slack would not take the file for your direct message with me (${escapeMrkdwn(code)}). ` +
    'Try again in a minute.'
  );
}
