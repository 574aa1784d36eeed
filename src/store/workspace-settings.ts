// One workspace's settings, typed, over the store's generic getSetting/setSetting (so it works on whatever
// Store it is given: the default one today, `store.forWorkspace(team)` once the store is scoped). Every read
// is zod-validated: a value this version cannot read counts as unset, so the env default applies instead of
// a crash. The MoltFlow API key is sealed with SecretBox (context = workspace id, so a sealed key copied to
// another workspace's row does not open there) and only `apiKey()` opens it, for the runtime; everything a
// person sees carries its last four characters only.
import { z } from 'zod';
import type { SecretBox } from './secret-box.js';
import type { Store } from './types.js';

/** Setting keys; one per concern, so a settings edit never rewrites the sealed key. */
export const SETTING_KEYS = {
  connection: 'workspace.moltflow-connection',
  preferences: 'workspace.preferences',
} as const;

const PERSON_OR_GROUP_ID = /^[UWS][A-Z0-9]{2,}$/;
const CHANNEL_ID = /^[CG][A-Z0-9]{2,}$/;
export const BACKFILL_HOURS_MAX = 720;

const ConnectionSchema = z.object({
  sealedKey: z.string().min(1),
  last4: z.string().max(4),
  plan: z.string().nullable(),
  planName: z.string().nullable(),
  requestsPerMinute: z.number().int().positive(),
  connectedBy: z.string(),
  connectedAt: z.iso.datetime(),
  missingScopes: z.array(z.string()),
});

const AccessListsSchema = z.object({
  admin: z.array(z.string().regex(PERSON_OR_GROUP_ID)),
  outreach: z.array(z.string().regex(PERSON_OR_GROUP_ID)),
  sales: z.array(z.string().regex(PERSON_OR_GROUP_ID)),
});

const PreferencesSchema = z
  .object({
    leadsChannel: z.string().regex(CHANNEL_ID),
    access: AccessListsSchema,
    backfillHours: z.number().int().min(0).max(BACKFILL_HOURS_MAX),
    pollIntervalSeconds: z.number().int().positive(),
  })
  .partial();

export type AccessLists = z.infer<typeof AccessListsSchema>;
export type StoredPreferences = z.infer<typeof PreferencesSchema>;

/** What people may see about the connection: never the key. */
export interface MoltflowConnection {
  /** Shown as `…abcd`. */
  last4: string;
  /** MoltFlow's plan id (`pro`), null when it could not be read. */
  plan: string | null;
  planName: string | null;
  requestsPerMinute: number;
  connectedBy: string;
  connectedAt: Date;
  /** Scopes the key lacked when it was checked. */
  missingScopes: string[];
}

export interface WorkspacePreferences {
  leadsChannel: string | undefined;
  access: AccessLists;
  backfillHours: number;
  pollIntervalSeconds: number;
}

/** The environment's values (single-workspace mode), used where a workspace has set nothing. */
export type SettingsDefaults = WorkspacePreferences;

export interface WorkspaceSettingsDeps {
  store: Pick<Store, 'getSetting' | 'setSetting'>;
  workspaceId: string;
  secrets: SecretBox;
  defaults: SettingsDefaults;
}

/** `…abcd`: the only form of a key that is ever shown. */
export const maskedKey = (last4: string): string => `…${last4}`;

export class WorkspaceSettings {
  constructor(private readonly deps: WorkspaceSettingsDeps) {}

  get workspaceId(): string {
    return this.deps.workspaceId;
  }

  async connection(): Promise<MoltflowConnection | undefined> {
    const stored = await this.readConnection();
    if (!stored) return undefined;
    const { sealedKey: _sealed, connectedAt, ...shown } = stored;
    return { ...shown, connectedAt: new Date(connectedAt) };
  }

  /** The key itself, for the runtime's MoltFlow client only; never show or log it. */
  async apiKey(): Promise<string | undefined> {
    const stored = await this.readConnection();
    return stored ? this.deps.secrets.open(stored.sealedKey, this.deps.workspaceId) : undefined;
  }

  /** Stores a key that passed the live check, sealed; returns what may be shown. */
  async connect(apiKey: string, info: Omit<MoltflowConnection, 'last4'>): Promise<MoltflowConnection> {
    const shown: MoltflowConnection = { ...info, last4: apiKey.slice(-4) };
    await this.deps.store.setSetting(SETTING_KEYS.connection, {
      ...shown,
      connectedAt: info.connectedAt.toISOString(),
      sealedKey: this.deps.secrets.seal(apiKey, this.deps.workspaceId),
    } satisfies z.infer<typeof ConnectionSchema>);
    return shown;
  }

  async disconnect(): Promise<void> {
    await this.deps.store.setSetting(SETTING_KEYS.connection, undefined);
  }

  /** What the workspace chose, with the environment's defaults where it chose nothing. */
  async preferences(): Promise<WorkspacePreferences> {
    const stored = await this.storedPreferences();
    const d = this.deps.defaults;
    return {
      leadsChannel: stored.leadsChannel ?? d.leadsChannel,
      access: stored.access ?? d.access,
      backfillHours: stored.backfillHours ?? d.backfillHours,
      pollIntervalSeconds: stored.pollIntervalSeconds ?? d.pollIntervalSeconds,
    };
  }

  /** Only what the workspace set itself (no defaults), e.g. to tell "default" apart in a view. */
  async storedPreferences(): Promise<StoredPreferences> {
    const parsed = PreferencesSchema.safeParse(await this.deps.store.getSetting(SETTING_KEYS.preferences));
    return parsed.success ? parsed.data : {};
  }

  /** Merges and validates; throws a ZodError on a value outside its range (callers validate first). */
  async updatePreferences(patch: StoredPreferences): Promise<WorkspacePreferences> {
    const merged = PreferencesSchema.parse({ ...(await this.storedPreferences()), ...patch });
    await this.deps.store.setSetting(SETTING_KEYS.preferences, merged);
    return this.preferences();
  }

  /**
   * The secret MoltFlow signs this workspace's pushes with (OAuth mode): derived from ENCRYPTION_KEY and the
   * workspace id, so every replica has the same one at once and none is stored.
   */
  webhookSecret(): string {
    return `whsec_${this.deps.secrets.derive('moltflow-webhook', this.deps.workspaceId)}`;
  }

  private async readConnection(): Promise<z.infer<typeof ConnectionSchema> | undefined> {
    const parsed = ConnectionSchema.safeParse(await this.deps.store.getSetting(SETTING_KEYS.connection));
    return parsed.success ? parsed.data : undefined;
  }
}
