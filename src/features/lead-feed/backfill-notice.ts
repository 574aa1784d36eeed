// Posted once when the feed starts (or catches up after downtime) with more leads than it will post, so
// the channel knows the older ones were skipped on purpose rather than lost.
import type { KnownBlock } from '@slack/types';
import { md } from '../../slack/blocks.js';

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

function formatHours(hours: number): string {
  return Number.isInteger(hours) ? `${hours} h` : `${hours.toFixed(1)} h`;
}

export function buildBackfillNotice(
  skipped: number,
  posted: number,
  hours: number,
): { text: string; blocks: KnownBlock[] } {
  const span = `from the last ${formatHours(hours)}`;
  const showing =
    posted === 0
      ? `No leads to show ${span}`
      : posted === 1
        ? `Showing the newest lead ${span}`
        : `Showing the ${posted} newest leads ${span}`;
  const skipping = skipped > 0 ? `; ${plural(skipped, 'older lead was', 'older leads were')} skipped` : '';
  const text = `:information_source: ${showing}${skipping}.`;
  return { text, blocks: [{ type: 'context', elements: [md(text)] }] };
}
