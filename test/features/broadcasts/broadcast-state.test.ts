import { describe, expect, it } from 'vitest';
import {
  foldProgress,
  restoreState,
  statusChange,
} from '../../../src/features/broadcasts/broadcast-state.js';

describe('statusChange', () => {
  it.each([
    [null, 'running', 'started'],
    ['pending', 'running', 'started'],
    [null, 'pending', null],
    ['running', 'running', null],
    ['running', 'paused', 'paused'],
    ['paused', 'running', 'resumed'],
    ['paused', 'cancelled', 'cancelled'],
    ['running', 'completed', 'completed'],
    [null, 'failed', 'failed'],
    ['completed', 'completed', null],
    ['running', 'something-new', null],
  ] as const)('%s → %s tells the thread %s', (from, to, said) => {
    expect(statusChange(from, to)).toBe(said);
  });
});

describe('foldProgress', () => {
  const base = restoreState('job-1', { total: 10, sent: 2, status: 'running' });

  it('takes what a frame carries and keeps the rest', () => {
    expect(foldProgress(base, { sent: 5 })).toMatchObject({
      sent: 5,
      failed: 0,
      total: 10,
      status: 'running',
    });
    expect(foldProgress(base, { failed: 1, status: 'paused' })).toMatchObject({
      sent: 2,
      failed: 1,
      status: 'paused',
    });
  });

  it('never reopens a finished job (a late frame after completed changes nothing)', () => {
    const done = foldProgress(base, { sent: 10, status: 'completed' });
    expect(foldProgress(done, { sent: 3, status: 'running' })).toBe(done);
  });
});

describe('restoreState', () => {
  it('fills a damaged stored row with safe defaults instead of failing', () => {
    expect(restoreState('job-9', { total: 'x', groupName: 4, announced: 'paused' })).toMatchObject({
      jobId: 'job-9',
      total: 0,
      groupName: 'a contact group',
      announced: 'paused',
      summaryPosted: false,
      note: null,
    });
  });
});
