// The Block Kit limits Slack enforces (slack-platform.md §2), so the fake refuses what real Slack would.
// Errors copy Slack's own shape: "<what is wrong> [json-pointer:/blocks/0/text/text]".
type Obj = Record<string, unknown>;
type Sink = (message: string, path: string) => void;

const BLOCK_TYPES = new Set(['section', 'header', 'divider', 'actions', 'context', 'input', 'image']);
const OTHER_BLOCK_TYPES = new Set(['rich_text', 'markdown', 'file', 'video', 'table', 'context_actions']);

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const tooLong = (max: number) => `must be less than ${max + 1} characters`;

/** Longer message `text` is cut by Slack (`message_truncated`), so a fallback must fit it. */
export const MESSAGE_TEXT_MAX = 40_000;

/**
 * A message as chat.postMessage / response_url take it: fallback `text` present (notifications and screen
 * readers use it) and within 40,000 characters, and its blocks within the message limits.
 */
export function validateMessage(message: unknown): string[] {
  if (!isObj(message)) return ['must provide an object [json-pointer:/]'];
  const errors = message.blocks === undefined ? [] : validateBlocks(message.blocks, 'message');
  if (typeof message.text !== 'string' || message.text.trim() === '')
    errors.push('must provide text as the fallback of blocks [json-pointer:/text]');
  else if (message.text.length > MESSAGE_TEXT_MAX)
    errors.push(`${tooLong(MESSAGE_TEXT_MAX)} [json-pointer:/text]`);
  return errors;
}

export function validateBlocks(blocks: unknown, surface: 'message' | 'modal'): string[] {
  const errors: string[] = [];
  const add: Sink = (message, path) => errors.push(`${message} [json-pointer:${path}]`);
  checkBlockList(blocks, '/blocks', surface === 'modal' ? 100 : 50, add);
  return errors;
}

/** Modal-level rules (title, buttons, metadata) plus its blocks. */
export function validateView(view: unknown): string[] {
  const errors: string[] = [];
  const add: Sink = (message, path) => errors.push(`${message} [json-pointer:${path}]`);
  if (!isObj(view)) return ['must provide an object [json-pointer:/view]'];
  if (view.type === 'modal') checkText(view.title, '/view/title', add, { max: 24, plainOnly: true });
  for (const key of ['submit', 'close'] as const) {
    if (view[key] !== undefined && view[key] !== null) {
      checkText(view[key], `/view/${key}`, add, { max: 24, plainOnly: true });
    }
  }
  const blocks = Array.isArray(view.blocks) ? view.blocks : [];
  if (view.type === 'modal' && !view.submit && blocks.some((b) => isObj(b) && b.type === 'input')) {
    add('must define submit to use input block', '/view');
  }
  if (typeof view.private_metadata === 'string' && view.private_metadata.length > 3000) {
    add(tooLong(3000), '/view/private_metadata');
  }
  if (typeof view.callback_id === 'string' && view.callback_id.length > 255)
    add(tooLong(255), '/view/callback_id');
  checkBlockList(view.blocks, '/view/blocks', 100, add);
  return errors;
}

function checkBlockList(blocks: unknown, path: string, max: number, add: Sink): void {
  if (!Array.isArray(blocks)) {
    add('must provide an array', path);
    return;
  }
  if (blocks.length > max) add(`no more than ${max} items allowed`, path);
  const blockIds = new Set<string>();
  for (const [i, block] of blocks.entries()) {
    const at = `${path}/${i}`;
    if (!isObj(block)) {
      add('must provide an object', at);
      continue;
    }
    if (typeof block.block_id === 'string') {
      if (block.block_id.length > 255) add(tooLong(255), `${at}/block_id`);
      if (blockIds.has(block.block_id)) add(`duplicate block_id "${block.block_id}"`, `${at}/block_id`);
      blockIds.add(block.block_id);
    }
    checkBlock(block, at, add);
  }
}

function checkBlock(block: Obj, at: string, add: Sink): void {
  const type = String(block.type);
  if (OTHER_BLOCK_TYPES.has(type)) return;
  if (!BLOCK_TYPES.has(type)) {
    add('must be a valid enum value', `${at}/type`);
    return;
  }
  if (type === 'section') {
    if (block.text === undefined && block.fields === undefined) add('must provide text or fields', at);
    if (block.text !== undefined) checkText(block.text, `${at}/text`, add, { max: 3000 });
    if (block.fields !== undefined) {
      checkList(block.fields, `${at}/fields`, 10, add, (f, p) => checkText(f, p, add, { max: 2000 }));
    }
    if (block.accessory !== undefined) checkElement(block.accessory, `${at}/accessory`, add);
  } else if (type === 'header') {
    checkText(block.text, `${at}/text`, add, { max: 150, plainOnly: true });
  } else if (type === 'actions') {
    const actionIds = new Set<string>();
    checkList(block.elements, `${at}/elements`, 25, add, (e, p) => {
      checkElement(e, p, add);
      if (!isObj(e) || typeof e.action_id !== 'string') return;
      if (actionIds.has(e.action_id)) add(`duplicate action_id "${e.action_id}"`, `${p}/action_id`);
      actionIds.add(e.action_id);
    });
  } else if (type === 'context') {
    checkList(block.elements, `${at}/elements`, 10, add, (e, p) => {
      if (isObj(e) && e.type !== 'image') checkText(e, p, add, { max: 3000 });
    });
  } else if (type === 'input') {
    checkText(block.label, `${at}/label`, add, { max: 2000, plainOnly: true });
    if (block.hint !== undefined) checkText(block.hint, `${at}/hint`, add, { max: 2000, plainOnly: true });
    checkElement(block.element, `${at}/element`, add);
  } else if (type === 'image') {
    checkString(block.image_url, `${at}/image_url`, 3000, add);
    checkString(block.alt_text, `${at}/alt_text`, 2000, add);
  }
}

function checkElement(element: unknown, at: string, add: Sink): void {
  if (!isObj(element)) {
    add('must provide an object', at);
    return;
  }
  if (typeof element.action_id === 'string' && element.action_id.length > 255) {
    add(tooLong(255), `${at}/action_id`);
  }
  if (element.placeholder !== undefined) {
    checkText(element.placeholder, `${at}/placeholder`, add, { max: 150, plainOnly: true });
  }
  if (element.confirm !== undefined) checkConfirm(element.confirm, `${at}/confirm`, add);
  if (element.type === 'button') {
    checkText(element.text, `${at}/text`, add, { max: 75, plainOnly: true });
    if (element.value !== undefined) checkString(element.value, `${at}/value`, 2000, add);
    if (element.url !== undefined) checkString(element.url, `${at}/url`, 3000, add);
    if (element.accessibility_label !== undefined)
      checkString(element.accessibility_label, `${at}/accessibility_label`, 75, add);
  } else {
    checkChoices(element, at, add);
  }
  if (element.type === 'datepicker' && element.initial_date !== undefined) {
    checkPattern(element.initial_date, `${at}/initial_date`, /^\d{4}-\d{2}-\d{2}$/, add);
  }
  if (element.type === 'timepicker' && element.initial_time !== undefined) {
    checkPattern(element.initial_time, `${at}/initial_time`, /^(?:[01]\d|2[0-3]):[0-5]\d$/, add);
  }
}

const OPTIONS_MAX: Record<string, number> = { overflow: 5, checkboxes: 10, radio_buttons: 10 };
const sameOption = (a: unknown, b: unknown): boolean =>
  isObj(a) &&
  isObj(b) &&
  a.value === b.value &&
  isObj(a.text) &&
  isObj(b.text) &&
  a.text.text === b.text.text;

/**
 * Options (≤ 100; overflow 1..5, checkboxes and radio buttons ≤ 10) or option groups (≤ 100 groups of ≤ 100,
 * label ≤ 75), and initial options that are among them: Slack refuses an initial_option it did not offer.
 */
function checkChoices(element: Obj, at: string, add: Sink): void {
  const offered: unknown[] = [];
  if (element.options !== undefined) {
    const max = OPTIONS_MAX[String(element.type)] ?? 100;
    checkList(element.options, `${at}/options`, max, add, (o, p) => checkOption(o, p, add));
    if (element.type === 'overflow' && Array.isArray(element.options) && element.options.length === 0)
      add('must provide at least 1 item', `${at}/options`);
    if (Array.isArray(element.options)) offered.push(...element.options);
  }
  if (element.option_groups !== undefined) {
    checkList(element.option_groups, `${at}/option_groups`, 100, add, (g, p) => {
      if (!isObj(g)) return add('must provide an object', p);
      checkText(g.label, `${p}/label`, add, { max: 75, plainOnly: true });
      checkList(g.options, `${p}/options`, 100, add, (o, q) => checkOption(o, q, add));
      if (Array.isArray(g.options)) offered.push(...g.options);
    });
  }
  // External selects load their options later; only their own initial option's shape can be checked.
  const checkOffered = element.options !== undefined || element.option_groups !== undefined;
  const initial = (option: unknown, p: string) => {
    checkOption(option, p, add);
    if (checkOffered && !offered.some((o) => sameOption(o, option)))
      add('must be one of the provided options', p);
  };
  if (element.initial_option !== undefined) initial(element.initial_option, `${at}/initial_option`);
  if (element.initial_options !== undefined) {
    checkList(element.initial_options, `${at}/initial_options`, 100, add, initial);
  }
}

function checkOption(option: unknown, at: string, add: Sink): void {
  if (!isObj(option)) {
    add('must provide an object', at);
    return;
  }
  checkText(option.text, `${at}/text`, add, { max: 75 });
  checkString(option.value, `${at}/value`, 150, add);
  if (option.description !== undefined) checkText(option.description, `${at}/description`, add, { max: 75 });
}

function checkPattern(value: unknown, at: string, pattern: RegExp, add: Sink): void {
  if (typeof value !== 'string' || !pattern.test(value)) add(`must match ${pattern.source}`, at);
}

function checkConfirm(confirm: unknown, at: string, add: Sink): void {
  if (!isObj(confirm)) {
    add('must provide an object', at);
    return;
  }
  const limits = { title: 100, text: 300, confirm: 30, deny: 30 } as const;
  for (const [key, max] of Object.entries(limits)) {
    if (confirm[key] !== undefined)
      checkText(confirm[key], `${at}/${key}`, add, { max, plainOnly: key !== 'text' });
  }
}

function checkText(value: unknown, at: string, add: Sink, rule: { max: number; plainOnly?: boolean }): void {
  if (!isObj(value)) {
    add('must provide an object', at);
    return;
  }
  if (value.type !== 'plain_text' && (rule.plainOnly || value.type !== 'mrkdwn')) {
    add(rule.plainOnly ? 'must be plain_text' : 'must be a valid enum value', `${at}/type`);
    return;
  }
  checkString(value.text, `${at}/text`, rule.max, add);
}

function checkString(value: unknown, at: string, max: number, add: Sink): void {
  if (typeof value !== 'string') {
    add('must be a string', at);
    return;
  }
  if (value.length === 0) add('must be more than 0 characters', at);
  else if (value.length > max) add(tooLong(max), at);
}

function checkList(
  value: unknown,
  at: string,
  max: number,
  add: Sink,
  each: (v: unknown, p: string) => void,
) {
  if (!Array.isArray(value)) {
    add('must provide an array', at);
    return;
  }
  if (value.length > max) add(`no more than ${max} items allowed`, at);
  for (const [i, v] of value.entries()) each(v, `${at}/${i}`);
}
