import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { MoltflowValidationError } from '../../src/api/errors.js';
import { decodeList } from '../../src/api/lists.js';

const Item = z.object({ id: z.string(), contact_name: z.string().nullish() });
const a = { id: 'a' };
const b = { id: 'b', contact_name: 'Bea' };

describe('decodeList', () => {
  it('accepts a bare array', () => {
    expect(decodeList([a, b], Item, ['leads'])).toEqual({ items: [a, b], total: null, invalid: [] });
  });

  it('accepts an items envelope with a total', () => {
    expect(decodeList({ items: [a], total: 12, limit: 1, offset: 0 }, Item, ['leads'])).toMatchObject({
      items: [a],
      total: 12,
    });
  });

  it('accepts a resource-named envelope, trying keys in order after items', () => {
    expect(decodeList({ leads: [b], total: 1 }, Item, ['leads']).items).toEqual([b]);
    expect(decodeList({ groups: [a], jobs: [b] }, Item, ['jobs', 'groups']).items).toEqual([b]);
    expect(decodeList({ items: [a], leads: [b] }, Item, ['leads']).items).toEqual([a]);
  });

  it('rejects an unknown envelope at (body)', () => {
    for (const body of [{ data: [a] }, null, 'leads', undefined, { leads: 'none' }]) {
      let caught: unknown;
      try {
        decodeList(body, Item, ['leads']);
      } catch (err) {
        caught = err;
      }
      expect(caught).toBeInstanceOf(MoltflowValidationError);
      expect((caught as MoltflowValidationError).path).toBe('(body)');
    }
  });

  it('skips a bad item, reports it with its path, and keeps the rest', () => {
    const body = { leads: [a, b, { id: 'c', contact_name: 42 }, { id: 'd' }], total: 4 };
    const out = decodeList(body, Item, ['leads']);
    expect(out.items.map((i) => i.id)).toEqual(['a', 'b', 'd']);
    expect(out.total).toBe(4);
    expect(out.invalid).toHaveLength(1);
    const [bad] = out.invalid;
    expect(bad?.path).toBe('leads[2].contact_name');
    expect(bad?.issues).toEqual(['leads[2].contact_name: expected string, received number']);
    expect(bad?.message).toContain('leads[2].contact_name: expected string, received number');
  });

  it('uses a bare index path for bare arrays', () => {
    const out = decodeList([a, { id: 7 }], Item, ['leads']);
    expect(out.invalid[0]?.path).toBe('[1].id');
  });

  it('ignores a non-numeric total', () => {
    expect(decodeList({ items: [], total: '5' }, Item, []).total).toBeNull();
  });
});
