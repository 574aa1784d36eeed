// The lead pipeline as MoltFlow enforces it (moltflow-api.md §2.5). The card offers exactly these moves,
// so a click that MoltFlow would refuse is never offered in the first place.
export const PIPELINE_STATUSES = ['new', 'contacted', 'qualified', 'converted', 'lost'] as const;
export type LeadStatus = (typeof PIPELINE_STATUSES)[number];

const TRANSITIONS: Readonly<Record<LeadStatus, readonly LeadStatus[]>> = {
  new: ['contacted', 'qualified', 'converted', 'lost'],
  contacted: ['qualified', 'converted', 'lost'],
  qualified: ['converted', 'lost'],
  converted: [],
  lost: ['new'],
};

const STATUS_LABELS: Readonly<Record<LeadStatus, string>> = {
  new: 'New',
  contacted: 'Contacted',
  qualified: 'Qualified',
  converted: 'Converted',
  lost: 'Lost',
};

export function isLeadStatus(value: unknown): value is LeadStatus {
  return typeof value === 'string' && (PIPELINE_STATUSES as readonly string[]).includes(value);
}

export function allowedTransitions(from: LeadStatus): readonly LeadStatus[] {
  return TRANSITIONS[from];
}

export function canTransition(from: LeadStatus, to: LeadStatus): boolean {
  return TRANSITIONS[from].includes(to);
}

export function statusLabel(status: LeadStatus): string {
  return STATUS_LABELS[status];
}

/** Button text for a move: "Reopen" reads better than "Mark new" for lost → new. */
export function transitionLabel(from: LeadStatus, to: LeadStatus): string {
  if (from === 'lost' && to === 'new') return 'Reopen';
  if (to === 'lost') return 'Mark lost';
  return `Mark ${STATUS_LABELS[to].toLowerCase()}`;
}
