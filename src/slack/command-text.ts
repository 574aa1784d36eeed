// Slack entity-encodes &, < and > in slash-command text (and, with should_escape, turns #channel and
// @user into <#C…|name> and <@U…>). Parsers undo the entities once, here, so MoltFlow sees what was typed.

/** The text as the person typed it: Slack's `&lt;`, `&gt;` and `&amp;` undone (`&amp;` last, so `&amp;lt;` stays `&lt;`). */
export function decodeCommandText(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}
