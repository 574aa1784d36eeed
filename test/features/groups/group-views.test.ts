import { describe, expect, it } from 'vitest';
import type { CustomGroup, CustomGroupDetail } from '../../../src/api/custom-groups.js';
import {
  buildContactsPage,
  buildMemberPage,
  parseMemberPageValue,
} from '../../../src/features/groups/group-member-pages.js';
import {
  buildDeletePrompt,
  buildGroupList,
  GROUPS_PER_PAGE,
  parseGroupId,
  parseGroupMenu,
  parseOffsetValue,
} from '../../../src/features/groups/group-views.js';
import { validateBlocks } from '../../helpers/block-kit-rules.js';

const HOSTILE = '<!channel> & <@U1>';
const group = (i: number, extra: Partial<CustomGroup> = {}): CustomGroup => ({
  id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
  name: `Group ${i}`,
  memberCount: i,
  createdAt: new Date('2026-03-01T10:00:00Z'),
  ...extra,
});

describe('buildGroupList', () => {
  it('stays within Slack limits with 100 groups of the longest names', () => {
    const groups = Array.from({ length: 100 }, (_, i) => group(i, { name: `${HOSTILE} ${'x'.repeat(240)}` }));
    for (let offset = 0; offset < 100; offset += GROUPS_PER_PAGE) {
      const list = buildGroupList(groups, offset);
      expect(validateBlocks(list.blocks, 'message')).toEqual([]);
      expect(list.blocks.length).toBeLessThanOrEqual(50);
      expect(JSON.stringify(list.blocks).length).toBeLessThan(40_000);
      expect(list.text.length).toBeLessThanOrEqual(3000);
      expect(list.text).not.toContain('<!channel>');
    }
  });

  it('clamps an offset past the end to the last page', () => {
    const list = buildGroupList(
      Array.from({ length: 25 }, (_, i) => group(i)),
      500,
    );
    expect(list.text).toMatch(/^Contact groups \(21–25 of 25\)/);
  });

  it('says "members unknown" and "all its members" when MoltFlow gave no count', () => {
    const prompt = buildDeletePrompt(group(1, { memberCount: null }));
    expect(prompt.text).toBe("Delete *Group 1* and all its members? This can't be undone.");
    expect(JSON.stringify(buildGroupList([group(1, { memberCount: null })]).blocks)).toContain(
      'members unknown',
    );
  });
});

describe('member and contact pages', () => {
  const detail = (n: number): CustomGroupDetail => ({
    ...group(1, { name: HOSTILE, memberCount: n }),
    members: Array.from({ length: n }, (_, i) => ({
      id: String(i),
      phone: `+1415555${String(i).padStart(4, '0')}`,
      name: `${HOSTILE} ${'n'.repeat(200)}`,
    })),
  });

  it('fits a full page of long, hostile names in one section', () => {
    const page = buildMemberPage(detail(45), 1);
    expect(validateBlocks(page.blocks, 'message')).toEqual([]);
    expect(JSON.stringify(page.blocks)).not.toMatch(/"type":"mrkdwn","text":"[^"]*<!channel>/);
    expect(page.text).toBe('&lt;!channel&gt; &amp; &lt;@U1&gt;: 45 members · page 2 of 3');
  });

  it('clamps the page and offers no pager for a small group', () => {
    const page = buildMemberPage(detail(3), 7);
    expect(page.text).toContain('3 members');
    expect(page.blocks.some((b) => b.type === 'actions')).toBe(false);
  });

  it('offers Next on a full contacts page when MoltFlow gave no total', () => {
    const contacts = Array.from({ length: 20 }, (_, i) => ({ phone: `+1${i}`, name: null }));
    const page = buildContactsPage(contacts, 40, null);
    expect(page.text).toBe('Contacts across your sessions: 41–60');
    expect(JSON.stringify(page.blocks)).toContain('"value":"60"');
    expect(JSON.stringify(page.blocks)).toContain('"value":"20"');
  });
});

describe('parsing what the buttons carry', () => {
  it('accepts only values this app builds', () => {
    expect(parseGroupMenu('rename:abc-123')).toEqual({ verb: 'rename', groupId: 'abc-123' });
    expect(parseGroupMenu('drop:abc')).toBeNull();
    expect(parseGroupMenu('add:<!channel>')).toBeNull();
    expect(parseGroupId('abc_1-2')).toBe('abc_1-2');
    expect(parseGroupId('a b')).toBeNull();
    expect(parseMemberPageValue('{"g":"abc","p":2}')).toEqual({ groupId: 'abc', page: 2 });
    expect(parseMemberPageValue('{"g":"abc","p":-1}')).toBeNull();
    expect(parseMemberPageValue('not json')).toBeNull();
    expect(parseOffsetValue('40')).toBe(40);
    expect(parseOffsetValue('-1')).toBeNull();
    expect(parseOffsetValue('1.5')).toBeNull();
  });
});
