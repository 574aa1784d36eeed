import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  formatDataPath,
  formatDetail,
  MoltflowConnectionError,
  MoltflowError,
  MoltflowHttpError,
  MoltflowRateLimitError,
  MoltflowValidationError,
  validationErrorFromZod,
} from '../../src/api/errors.js';

describe('formatDetail', () => {
  it('passes a string detail through', () => {
    expect(formatDetail('Session not found')).toBe('Session not found');
  });

  it('renders a FastAPI list as "loc.path: msg; …" without the leading body', () => {
    const detail = [
      { loc: ['body', 'members', 0, 'phone'], msg: 'field required', type: 'value_error.missing' },
      { loc: ['query', 'limit'], msg: 'ensure this value is less than 101', type: 'value_error' },
      { loc: ['body'], msg: 'body is empty', type: 'value_error' },
    ];
    expect(formatDetail(detail)).toBe(
      'members.0.phone: field required; query.limit: ensure this value is less than 101; body is empty',
    );
  });

  it('renders objects by their message, or as JSON', () => {
    expect(formatDetail({ message: 'Upgrade to Pro' })).toBe('Upgrade to Pro');
    expect(formatDetail({ code: 'plan_limit', max: 2 })).toBe('{"code":"plan_limit","max":2}');
  });

  it('returns an empty string for a missing detail, so the caller can say "HTTP <status>"', () => {
    expect(formatDetail(undefined)).toBe('');
    expect(formatDetail(null)).toBe('');
    expect(formatDetail([])).toBe('');
  });

  it('truncates huge details', () => {
    const out = formatDetail('x'.repeat(5000));
    expect(out.length).toBe(500);
    expect(out.endsWith('…')).toBe(true);
  });
});

describe('error classes', () => {
  it('builds a readable HTTP error message and keeps the fields', () => {
    const err = new MoltflowHttpError({
      method: 'GET',
      path: '/leads',
      status: 403,
      detail: 'Upgrade to Pro',
      requiredScopes: ['leads:read'],
    });
    expect(err).toBeInstanceOf(MoltflowError);
    expect(err.name).toBe('MoltflowHttpError');
    expect(err.message).toBe('MoltFlow GET /leads answered 403: Upgrade to Pro (missing scopes: leads:read)');
    expect(err).toMatchObject({ status: 403, detail: 'Upgrade to Pro', requiredScopes: ['leads:read'] });
  });

  it('makes a 429 a rate-limit error that is still an HTTP error', () => {
    const err = new MoltflowRateLimitError({
      method: 'POST',
      path: '/x',
      detail: 'Slow down',
      retryAfterMs: 2000,
    });
    expect(err).toBeInstanceOf(MoltflowHttpError);
    expect(err.status).toBe(429);
    expect(err.retryAfterMs).toBe(2000);
    expect(err.name).toBe('MoltflowRateLimitError');
  });

  it('keeps connection error flags', () => {
    const err = new MoltflowConnectionError('refused', { timedOut: false, code: 'ECONNREFUSED' });
    expect(err).toBeInstanceOf(MoltflowError);
    expect(err).toMatchObject({ timedOut: false, code: 'ECONNREFUSED', name: 'MoltflowConnectionError' });
  });

  it('turns a zod failure into a validation error with the failing path', () => {
    const schema = z.object({ leads: z.array(z.object({ lead_status: z.enum(['new', 'lost']) })) });
    const parsed = schema.safeParse({ leads: [{ lead_status: 'new' }, { lead_status: 'spam' }] });
    expect(parsed.success).toBe(false);
    if (parsed.success) return;
    const err = validationErrorFromZod(parsed.error, '', 'GET /leads');
    expect(err).toBeInstanceOf(MoltflowValidationError);
    expect(err.path).toBe('leads[1].lead_status');
    expect(err.issues[0]).toMatch(/^leads\[1\]\.lead_status: Invalid option/);
    expect(err.message).toContain('MoltFlow GET /leads returned an unexpected response');
  });

  it('formats data paths', () => {
    expect(formatDataPath('', [])).toBe('(body)');
    expect(formatDataPath('leads[2]', ['contact_name'])).toBe('leads[2].contact_name');
    expect(formatDataPath('', [3, 'trigger', 'detected_at'])).toBe('[3].trigger.detected_at');
  });
});
