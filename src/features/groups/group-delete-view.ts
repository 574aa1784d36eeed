// Deleting a group asks twice: Slack's confirm dialog on the button names the group and how many members
// go with it, so no one deletes 2,000 contacts with one stray click.
import type { Button, KnownBlock } from '@slack/types';
import type { CustomGroup } from '../../api/custom-groups.js';
import { md, plain, truncate } from '../../slack/blocks.js';
import { groupName, itsMembers } from './group-text.js';

export const GROUP_DELETE_ACTION = 'group_delete';

/** Delete, behind Slack's confirm dialog naming the group and how many members go with it. */
export function buildDeleteButton(g: CustomGroup): Button {
  return {
    type: 'button',
    action_id: GROUP_DELETE_ACTION,
    text: plain('Delete…'),
    style: 'danger',
    value: g.id,
    confirm: {
      title: plain('Delete this group?', 100),
      text: plain(
        `Delete “${truncate(g.name, 150)}” and ${itsMembers(g.memberCount)}? This can't be undone.`,
        300,
      ),
      confirm: plain('Delete', 30),
      deny: plain('Keep it', 30),
      style: 'danger',
    },
  };
}

/** `/groups delete <group>`: one line and the same guarded button. */
export function buildDeletePrompt(g: CustomGroup): { text: string; blocks: KnownBlock[] } {
  const text = `Delete *${groupName(g.name)}* and ${itsMembers(g.memberCount)}? This can't be undone.`;
  return {
    text,
    blocks: [
      { type: 'section', text: md(text) },
      {
        type: 'actions',
        block_id: `group_delete_prompt.${g.id}`.slice(0, 255),
        elements: [buildDeleteButton(g)],
      },
    ],
  };
}
