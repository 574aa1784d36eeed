import type {
  AllMiddlewareArgs,
  App,
  SlackAction,
  SlackActionMiddlewareArgs,
  SlackCommandMiddlewareArgs,
  SlackOptionsMiddlewareArgs,
  SlackViewAction,
  SlackViewMiddlewareArgs,
} from '@slack/bolt';
import type { Logger } from '../log.js';
import { decodeCommandText } from './command-text.js';

type Id = string | RegExp;
type ViewId = Id | { callback_id: Id; type: 'view_submission' | 'view_closed' };
type Handler<A> = (args: A & AllMiddlewareArgs) => Promise<void>;
type Route = { id: Id; type?: string; handler: Handler<never> };
type CommandArgs = SlackCommandMiddlewareArgs & AllMiddlewareArgs;
/** A subcommand's handler gets the decoded text after its word (`/leads bulk qualified` → `qualified`). */
type SubcommandHandler = (args: CommandArgs, rest: string) => Promise<void>;

/**
 * The listener table, with Bolt's own call shapes (`routes.action(id, handler)` …). Bolt runs every
 * registered listener's matchers on every request, which with dozens of listeners is most of the ack time;
 * here each kind is ONE Bolt listener that finds its handler in a table, so an ack costs about what a
 * bare Bolt app's does. Anything without a handler is still acked, so Slack never shows a timeout.
 */
export class ListenerTable {
  private readonly tables = {
    action: [] as Route[],
    view: [] as Route[],
    options: [] as Route[],
    command: [] as Route[],
  };

  action<A extends SlackAction = SlackAction>(id: Id, handler: Handler<SlackActionMiddlewareArgs<A>>): void {
    this.tables.action.push({ id, handler: handler as Handler<never> });
  }
  view<V extends SlackViewAction = SlackViewAction>(
    id: ViewId,
    handler: Handler<SlackViewMiddlewareArgs<V>>,
  ): void {
    const [match, type] =
      typeof id === 'object' && !(id instanceof RegExp) ? [id.callback_id, id.type] : [id, 'view_submission'];
    this.tables.view.push({ id: match, type, handler: handler as Handler<never> });
  }
  options(id: Id, handler: Handler<SlackOptionsMiddlewareArgs<'block_suggestion'>>): void {
    this.tables.options.push({ id, handler: handler as Handler<never> });
  }
  command(id: Id, handler: Handler<SlackCommandMiddlewareArgs>): void {
    this.tables.command.push({ id, handler: handler as Handler<never> });
  }
  /**
   * A subcommand owned by another feature than the command (`/leads bulk` belongs to leads-bulk, `/leads`
   * to leads): it is found before the command's own handler, so the command's feature needs no import of it.
   */
  subcommand(command: string, word: string, handler: SubcommandHandler): void {
    this.subcommands.set(`${command} ${word.toLowerCase()}`, handler);
  }
  private readonly subcommands = new Map<string, SubcommandHandler>();

  private findSubcommand(args: CommandArgs): (() => Promise<void>) | undefined {
    const text = decodeCommandText(args.command.text ?? '').trim();
    const word = (/^\S+/.exec(text)?.[0] ?? '').toLowerCase();
    const handler = this.subcommands.get(`${args.command.command} ${word}`);
    return handler && (() => handler(args, text.slice(word.length).trim()));
  }

  install(app: App, logger: Logger): void {
    const find = (table: Route[], key: string | undefined, type?: string) =>
      table.find(
        (r) => (!type || r.type === type) && (typeof r.id === 'string' ? r.id === key : r.id.test(key ?? '')),
      );
    const unhandled = async (kind: string, key: string | undefined, ack: () => Promise<void>) => {
      logger.debug('no handler; acked and ignored', { kind, key });
      await ack();
    };
    app.action(/.*/, async (args) => {
      const key = 'action_id' in args.action ? args.action.action_id : undefined; // block actions only
      const route = find(this.tables.action, key);
      await (route
        ? route.handler(args as never)
        : unhandled('action', key, args.ack as () => Promise<void>));
    });
    app.view({ callback_id: /.*/, type: 'view_submission' }, async (args) => {
      const route = find(this.tables.view, args.view.callback_id, 'view_submission');
      await (route
        ? route.handler(args as never)
        : unhandled('view', args.view.callback_id, () => args.ack()));
    });
    app.view({ callback_id: /.*/, type: 'view_closed' }, async (args) => {
      const route = find(this.tables.view, args.view.callback_id, 'view_closed');
      await (route ? route.handler(args as never) : args.ack());
    });
    app.options(/.*/, async (args) => {
      const key = 'action_id' in args.body ? String(args.body.action_id) : undefined;
      const route = find(this.tables.options, key);
      await (route ? route.handler(args as never) : args.ack({ options: [] }));
    });
    app.command(/.*/, async (args) => {
      const subcommand = this.findSubcommand(args);
      if (subcommand) return subcommand();
      const route = find(this.tables.command, args.command.command);
      await (route
        ? route.handler(args as never)
        : unhandled('command', args.command.command, () => args.ack()));
    });
  }
}
