// What a /bulksend modal offered and what was chosen, kept in the store by view id: private_metadata holds
// at most 3,000 characters, too little for a 4,096-character message or a hundred groups, and a submission
// must be answered without asking MoltFlow again. Dropped when the broadcast starts or the modal closes.
import { z } from 'zod';
import type { Store } from '../../store/index.js';

const Content = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('text'), message: z.string() }),
  z.object({ kind: z.literal('media'), mediaUrl: z.string() }),
]);

const DraftSchema = z.object({
  /** Where /bulksend was typed, and by whom. */
  channel: z.string(),
  user: z.string(),
  sessions: z.array(z.object({ id: z.string(), name: z.string() })),
  groups: z.array(z.object({ id: z.string(), name: z.string(), memberCount: z.number().nullable() })),
  choice: z.object({ sessionId: z.string(), groupId: z.string(), content: Content }).nullable().default(null),
});

export type BulkSendDraft = z.infer<typeof DraftSchema>;

const key = (viewId: string) => `bulksend.draft.${viewId}`;

export function saveDraft(store: Store, viewId: string, draft: BulkSendDraft): void {
  store.setSetting(key(viewId), draft);
}

export function loadDraft(store: Store, viewId: string): BulkSendDraft | undefined {
  const parsed = DraftSchema.safeParse(store.getSetting(key(viewId)));
  return parsed.success ? parsed.data : undefined;
}

export function dropDraft(store: Store, viewId: string): void {
  store.setSetting(key(viewId), undefined);
}
