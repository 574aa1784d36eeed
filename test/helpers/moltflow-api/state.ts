// What the fake MoltFlow tenant holds: leads (stored loosely so tests can corrupt them on purpose),
// WhatsApp sessions and reciprocity answers. Route areas read and change it.
import { randomUUID } from 'node:crypto';

export interface WireLead {
  id: string;
  contact_phone: string;
  contact_name: string | null;
  lead_status: string;
  lead_score: number;
  lead_detected_at: string;
  source_group: { id: string; name: string };
  trigger: { matched_keyword: string; message_preview: string; monitor_mode: string; detected_at: string };
  message_count?: number;
}
export type LeadInput = Partial<WireLead> & { detectedAt?: Date };
export interface WireSession {
  id: string;
  name: string;
  status: string;
  phone_number: string | null;
  is_business: boolean;
  created_at: string;
}
export interface Reciprocity {
  hasMessagedFirst: boolean;
  lastInboundAt: Date | string | null;
}

export const DEFAULT_GROUP = { id: '5f0c8d2e-1b7a-4c3e-9a61-0d2f4e6b8a10', name: 'Buyers Club' };

/** MoltFlow plans, cheapest first; features are gated by the lowest plan that has them (api §6.7). */
export const PLANS = ['free', 'starter', 'pro', 'business'] as const;
export type Plan = (typeof PLANS)[number];
const PLAN_NAMES: Record<Plan, string> = {
  free: 'Free',
  starter: 'Starter',
  pro: 'Pro',
  business: 'Business',
};

export class MoltflowState {
  /** The tenant's plan; tests lower it to see the 403 plan gates. */
  plan: Plan = 'business';
  private readonly areas = new Map<string, unknown>();

  /** Per-area state (custom groups, bulk sends, schedules …), created on first use, so areas stay in their own files. */
  area<T>(name: string, create: () => T): T {
    if (!this.areas.has(name)) this.areas.set(name, create());
    return this.areas.get(name) as T;
  }

  /** A 403 answer body when the plan is below `minimum`, else undefined. */
  planGate(minimum: Plan, feature: string): { detail: string } | undefined {
    if (PLANS.indexOf(this.plan) >= PLANS.indexOf(minimum)) return undefined;
    return {
      detail: `${feature} requires the ${PLAN_NAMES[minimum]} plan or higher (current plan: ${PLAN_NAMES[this.plan]})`,
    };
  }

  /** Insertion order; `seq` breaks ties between leads detected at the same instant. */
  readonly leads: { seq: number; data: Record<string, unknown> }[] = [];
  readonly reciprocity = new Map<string, Reciprocity>();
  sessions: WireSession[] = [];
  private seq = 0;

  constructor() {
    this.setSessions([{ name: 'Main', status: 'working', phone_number: '+15550001111' }]);
  }

  addLead(input: LeadInput = {}): WireLead {
    this.seq += 1;
    const { detectedAt, trigger, ...rest } = input;
    const at = detectedAt?.toISOString() ?? rest.lead_detected_at ?? new Date().toISOString();
    const lead: WireLead = {
      id: randomUUID(),
      contact_phone: `+1555${String(this.seq).padStart(7, '0')}`,
      contact_name: `Test Lead ${this.seq}`,
      lead_status: 'new',
      lead_score: 0,
      lead_detected_at: at,
      source_group: { ...DEFAULT_GROUP },
      ...rest,
      trigger: {
        matched_keyword: 'price',
        message_preview: 'Hi, what is the price for 3 units?',
        monitor_mode: 'keywords',
        detected_at: at,
        ...trigger,
      },
    };
    this.leads.push({ seq: this.seq, data: { ...lead } });
    return structuredClone(lead);
  }

  find(id: string): Record<string, unknown> | undefined {
    return this.leads.find((l) => l.data.id === id)?.data;
  }

  /** Newest first by lead_detected_at; ties newest inserted first. */
  sortedLeads(): Record<string, unknown>[] {
    const time = (d: Record<string, unknown>) => Date.parse(String(d.lead_detected_at)) || 0;
    return [...this.leads].sort((a, b) => time(b.data) - time(a.data) || b.seq - a.seq).map((l) => l.data);
  }

  setSessions(sessions: { id?: string; name: string; status: string; phone_number?: string | null }[]): void {
    this.sessions = sessions.map((s) => ({
      id: s.id ?? randomUUID(),
      name: s.name,
      status: s.status,
      phone_number: s.phone_number ?? null,
      is_business: false,
      created_at: '2026-01-15T10:00:00Z',
    }));
  }
}
