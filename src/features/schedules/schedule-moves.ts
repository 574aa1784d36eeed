// Which buttons a schedule gets: only the moves MoltFlow allows from its status (api §5.4, §5.1), so no one
// is offered "pause" on a cancelled schedule. Cancel and Delete cannot be undone, so they ask first.
import type { Button } from '@slack/types';
import { z } from 'zod';
import type { ScheduleMove } from '../../api/schedules.js';
import { plain } from '../../slack/blocks.js';

export const SCHEDULE_MOVE_ACTION = /^schedule_move_(pause|resume|cancel|delete)$/;

export function allowedScheduleMoves(status: string): ScheduleMove[] {
  switch (status) {
    case 'active':
      return ['pause', 'cancel'];
    case 'paused':
      return ['resume', 'cancel'];
    case 'cancelled':
    case 'completed':
      return ['delete'];
    default:
      return [];
  }
}

const LABELS: Record<ScheduleMove, string> = {
  pause: 'Pause',
  resume: 'Resume',
  cancel: 'Cancel schedule',
  delete: 'Delete',
};

/** Past tense, for "… was paused". */
export const MOVE_DONE: Record<ScheduleMove, string> = {
  pause: 'paused',
  resume: 'resumed',
  cancel: 'cancelled',
  delete: 'deleted',
};

/** Where the click came from: which schedule, which list page, which drawing of the list. */
export interface ScheduleMoveTarget {
  id: string;
  name: string;
  offset: number;
  /** Changes with every redraw, so a double click on one drawing is recognised as one click. */
  revision: string;
}

export function buildMoveButton(move: ScheduleMove, t: ScheduleMoveTarget): Button {
  const button: Button = {
    type: 'button',
    action_id: `schedule_move_${move}`,
    text: plain(LABELS[move], 75),
    value: JSON.stringify({ i: t.id, n: t.name.slice(0, 100), o: t.offset, r: t.revision }),
  };
  if (move === 'cancel') {
    button.confirm = {
      title: plain('Cancel this schedule?', 100),
      text: plain(`"${t.name}" will not send again. You can delete it afterwards.`, 300),
      confirm: plain('Cancel schedule', 30),
      deny: plain('Keep it', 30),
      style: 'danger',
    };
  }
  if (move === 'delete') {
    button.style = 'danger';
    button.confirm = {
      title: plain('Delete this schedule?', 100),
      text: plain(`"${t.name}" and its history will be removed from MoltFlow for good.`, 300),
      confirm: plain('Delete', 30),
      deny: plain('Keep it', 30),
      style: 'danger',
    };
  }
  return button;
}

const MoveValue = z.object({
  i: z.string().min(1),
  n: z.string(),
  o: z.number().int().min(0),
  r: z.string(),
});

export function parseScheduleMoveAction(action: {
  action_id: string;
  value?: string;
}): (ScheduleMoveTarget & { move: ScheduleMove }) | null {
  const move = SCHEDULE_MOVE_ACTION.exec(action.action_id)?.[1] as ScheduleMove | undefined;
  if (!move) return null;
  try {
    const v = MoveValue.parse(JSON.parse(action.value ?? ''));
    return { move, id: v.i, name: v.n, offset: v.o, revision: v.r };
  } catch {
    return null;
  }
}
