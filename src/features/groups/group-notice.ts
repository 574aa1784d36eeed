// Modals with nothing to submit: "looking up the group", "working on it", the result, or why not. They
// replace a form in place (views.update), so the person sees one modal from command to result.
import type { ModalView } from '@slack/types';
import { md, plain, truncate } from '../../slack/blocks.js';

export const GROUP_NOTICE_CALLBACK = 'group_notice';

/** `text` is mrkdwn the caller has escaped. */
export function buildGroupNotice(title: string, text: string, close = 'Close'): ModalView {
  return {
    type: 'modal',
    callback_id: GROUP_NOTICE_CALLBACK,
    title: plain(title, 24),
    close: plain(close, 24),
    blocks: [{ type: 'section', text: md(truncate(text, 3000)) }],
  };
}

export const buildWorkingNotice = (title: string, doing: string): ModalView =>
  buildGroupNotice(title, `:hourglass_flowing_sand: ${doing}…`);
