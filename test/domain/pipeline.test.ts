import { describe, expect, it } from 'vitest';
import {
  allowedTransitions,
  canTransition,
  isLeadStatus,
  type LeadStatus,
  PIPELINE_STATUSES,
  transitionLabel,
} from '../../src/domain/pipeline.js';

// The table from moltflow-api.md §2.5, written out independently of the implementation.
const ALLOWED: Record<LeadStatus, LeadStatus[]> = {
  new: ['contacted', 'qualified', 'converted', 'lost'],
  contacted: ['qualified', 'converted', 'lost'],
  qualified: ['converted', 'lost'],
  converted: [],
  lost: ['new'],
};

describe('lead pipeline', () => {
  it.each(PIPELINE_STATUSES.flatMap((from) => PIPELINE_STATUSES.map((to) => [from, to] as const)))(
    '%s → %s is allowed exactly when MoltFlow allows it',
    (from, to) => {
      expect(canTransition(from, to)).toBe(ALLOWED[from].includes(to));
    },
  );

  it('lists the allowed moves in pipeline order', () => {
    for (const from of PIPELINE_STATUSES) expect(allowedTransitions(from)).toEqual(ALLOWED[from]);
  });

  it('never allows staying put', () => {
    for (const s of PIPELINE_STATUSES) expect(canTransition(s, s)).toBe(false);
  });

  it('labels the moves as a person reads them', () => {
    expect(transitionLabel('lost', 'new')).toBe('Reopen');
    expect(transitionLabel('new', 'lost')).toBe('Mark lost');
    expect(transitionLabel('new', 'contacted')).toBe('Mark contacted');
  });

  it('recognises only the five statuses', () => {
    expect(isLeadStatus('qualified')).toBe(true);
    for (const bad of ['spam', 'New', '', null, 3]) expect(isLeadStatus(bad)).toBe(false);
  });
});
