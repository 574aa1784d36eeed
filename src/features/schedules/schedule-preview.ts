// The preview under the schedule form: the next runs as read on the person's own clock (users.info zone),
// with the schedule zone's clock beside each when the two differ, so "09:00 in New York" is not misread.
import type { KnownBlock } from '@slack/types';
import { formatInZone } from '../../domain/time.js';
import { escapeMrkdwn, md } from '../../slack/blocks.js';

export function buildPreview(runs: Date[], personTz: string, scheduleTz: string | null): KnownBlock[] {
  const line = (run: Date) => {
    const there = scheduleTz && scheduleTz !== personTz ? ` (${formatInZone(run, scheduleTz)})` : '';
    return `• ${formatInZone(run, personTz)}${there}`;
  };
  const heading = runs.length === 1 ? '*Sends once*' : `*Next ${runs.length} runs*`;
  return [
    { type: 'divider' },
    {
      type: 'section',
      block_id: 'preview',
      text: md(`${heading}, in your time zone (${escapeMrkdwn(personTz)}):\n${runs.map(line).join('\n')}`),
    },
    {
      type: 'context',
      block_id: 'preview_hint',
      elements: [
        md('Press *Save schedule* to save it. Change anything and you will see a new preview first.'),
      ],
    },
  ];
}
