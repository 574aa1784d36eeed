import { describe, expect, it } from 'vitest';
import { parseContactLines } from '../../../src/domain/phones.js';
import {
  buildCreateGroupModal,
  buildGroupNotice,
  buildMembersModal,
  buildRenameModal,
  parseGroupForm,
  parseGroupModalMeta,
  validateCreateForm,
  validateMembersForm,
  validateRenameForm,
} from '../../../src/features/groups/group-forms.js';
import { validateView } from '../../helpers/block-kit-rules.js';

const META = {
  groupId: 'g1',
  groupName: `<!here> ${'v'.repeat(250)}`,
  memberCount: 1234,
  channelId: 'C0ABC',
};

describe('group forms', () => {
  it('are valid modals, with the reason for a refusal on top when drawn again', () => {
    const long = Array.from({ length: 5000 }, (_, i) => `+1415555${i}`).join('\n');
    const views = [
      buildCreateGroupModal({}, undefined),
      buildCreateGroupModal(META, 'US', { name: 'x', members: long, error: 'MoltFlow said no.' }),
      buildMembersModal('add', META, undefined),
      buildMembersModal('remove', META, 'BR', { members: '+1', error: 'nope' }),
      buildRenameModal(META),
      buildGroupNotice('A title that is far too long for Slack', 'x'.repeat(5000)),
    ];
    for (const view of views) expect(validateView(view)).toEqual([]);
    expect(JSON.stringify(views[1]?.blocks[0])).toContain(':warning: MoltFlow said no.');
    expect(JSON.stringify(views[2]?.blocks)).toContain('Add contacts to *&lt;!here&gt; v');
    expect(JSON.stringify(views[2]?.blocks)).toContain('1,234 members now');
  });

  it('round-trips its metadata and ignores metadata it did not write', () => {
    const view = buildMembersModal('add', META, undefined);
    expect(parseGroupModalMeta(view.private_metadata)).toEqual(META);
    expect(parseGroupModalMeta('{"channelId":"<!channel>"}')).toEqual({});
    expect(parseGroupModalMeta('garbage')).toEqual({});
    expect(parseGroupModalMeta(undefined)).toEqual({});
  });

  it('reads the typed name (spaces collapsed) and contacts, missing fields as empty', () => {
    expect(
      parseGroupForm({
        group_name: { name: { type: 'plain_text_input', value: '  Top   buyers ' } },
        group_members: { members: { type: 'plain_text_input', value: '+1\n+2' } },
      }),
    ).toEqual({ name: 'Top buyers', members: '+1\n+2' });
    expect(parseGroupForm({ group_members: { members: { value: null } } })).toEqual({
      name: '',
      members: '',
    });
  });

  it('checks each form on its own fields, before MoltFlow is asked', () => {
    const none = parseContactLines('', 'US');
    const bad = parseContactLines('not a phone', 'US');
    const one = parseContactLines('+14155552671', 'US');
    expect(validateCreateForm('VIP', none)).toEqual({});
    expect(Object.keys(validateCreateForm('', bad))).toEqual(['group_name', 'group_members']);
    expect(validateMembersForm(one)).toEqual({});
    expect(validateMembersForm(none)).toEqual({ group_members: 'Add at least one phone number.' });
    expect(Object.keys(validateMembersForm(bad))).toEqual(['group_members']);
    expect(validateRenameForm('New', 'Old ')).toEqual({});
    expect(validateRenameForm('', 'Old')).toEqual({ group_name: 'Give the group a name.' });
    expect(validateRenameForm('Old', ' Old ')).toEqual({ group_name: 'That is already its name.' });
  });
});
