import { z } from 'zod';

// Ids that travel through Slack (button values, private_metadata) come back as untrusted text; these are
// the one definition of what a well-formed one looks like.

/** A MoltFlow resource id (lead, group, job, schedule): UUIDs in practice, kept loose but bounded. */
export const ResourceId = z.string().regex(/^[A-Za-z0-9_-]{1,128}$/);

export function isResourceId(value: unknown): value is string {
  return ResourceId.safeParse(value).success;
}

/** A Slack user id (U… or, on Enterprise Grid, W…): safe to put in a `<@…>` mention. */
export function isSlackUserId(value: unknown): value is string {
  return typeof value === 'string' && /^[UW][A-Z0-9]+$/.test(value);
}
