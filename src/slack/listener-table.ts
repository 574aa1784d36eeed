import type {
  AllMiddlewareArgs,
  App,
  SlackAction,
  SlackActionMiddlewareArgs,
  SlackCommandMiddlewareArgs,
  SlackEventMiddlewareArgs,
  SlackOptionsMiddlewareArgs,
  SlackViewAction,
  SlackViewMiddlewareArgs,
  webApi,
} from '@slack/bolt';
import { runAsCaller } from '../api/rate-budget.js';
import { ROLES, type Role } from '../domain/access.js';
import type { Logger } from '../log.js';
import type { AuditStore } from '../store/index.js';
import type { AccessControl } from './access.js';
import { recordAudit } from './audit.js';
import { decodeCommandText } from './command-text.js';
import { type Denial, denyPrivately, requester, tellPrivately } from './deny.js';
import type { CommandArgs } from './listener-args.js';

type Id = string | RegExp;
type ViewId = Id | { callback_id: Id; type: 'view_submission' | 'view_closed' };
type Handler<A> = (args: A & AllMiddlewareArgs) => Promise<void>;
/** A subcommand's handler gets the decoded text after its word (`/leads bulk qualified` → `qualified`). */
type SubcommandHandler = (args: CommandArgs, rest: string) => Promise<void>;

/** What an entry needs: the role, and what the person was doing, in words for the refusal ("add contacts"). */
export interface Policy {
  readonly role: Role;
  readonly doing: string;
  /**
   * A stricter policy for some payloads of the same entry, e.g. `/leads bulk` moves need sales but its
   * "add to a contact group" needs outreach. Read from the raw request body; undefined keeps this policy.
   */
  readonly refine?: (body: unknown) => Policy | undefined;
}
export const needs = (role: Role, doing: string, refine?: Policy['refine']): Policy =>
  refine ? { role, doing, refine } : { role, doing };

/** A command's policy: one for the bare command and unknown words, and one per subcommand word. */
export interface CommandPolicy extends Policy {
  readonly subcommands?: Readonly<Record<string, Policy>>;
}

export type EntryKind = 'command' | 'action' | 'view' | 'options' | 'event';

/** An Events API listener's arguments (no ack: Bolt acknowledges events before any listener runs). */
export type EventArgs<T extends string = string> = SlackEventMiddlewareArgs<T> & AllMiddlewareArgs;

/** What an event entry adds: which of its events it wants, and what a person without the role gets. */
export interface EventOptions<T extends string = string> {
  /** Events it does not want (e.g. app_home_opened on the Messages tab) reach no check and no handler. */
  when?: (event: EventArgs<T>['event']) => boolean;
  /** Runs instead of the handler when the person lacks the role (events have nowhere to reply privately). */
  denied?: (args: EventArgs<T>, text: string) => Promise<void>;
}
export interface TableEntry {
  readonly kind: EntryKind;
  readonly id: Id;
  /** Views: view_submission or view_closed. */
  readonly type?: string;
  readonly policy: CommandPolicy;
  readonly handler: Handler<never>;
  readonly eventOptions?: EventOptions;
}

export interface GuardDeps {
  logger: Logger;
  access: AccessControl;
  audit: AuditStore;
  /**
   * The client for role lookups of the request's workspace (called inside its scope): no retries and a short
   * timeout, since the person is waiting for the ack.
   */
  lookupClient: () => webApi.WebClient;
  now: () => Date;
}

function assertPolicy(kind: string, id: unknown, policy: CommandPolicy | undefined): void {
  const valid = (p: Policy | undefined) => p !== undefined && ROLES.includes(p.role) && p.doing.trim() !== '';
  if (!valid(policy) || !Object.values(policy?.subcommands ?? {}).every(valid)) {
    throw new Error(`The ${kind} listener ${String(id)} declares no valid policy (a role and what it does).`);
  }
}

/**
 * The listener table. Every entry declares the role it needs, and the table checks it before the handler
 * runs, for every step of every flow (a form's Review and Send now are two entries, both checked); an
 * entry without a policy fails at start-up. A denial is acked at once, told privately in plain words,
 * written to the audit trail, and reaches no handler, so it makes no MoltFlow call.
 *
 * Bolt runs every registered listener's matchers on every request, which with dozens of listeners is most
 * of the ack time; here each kind is ONE Bolt listener that finds its entry in a table. Anything without an
 * entry is still acked, so Slack never shows a timeout.
 */
export class ListenerTable {
  private readonly list: TableEntry[] = [];
  private readonly subcommands = new Map<string, { policy: Policy; handler: SubcommandHandler }>();

  action<A extends SlackAction = SlackAction>(
    id: Id,
    policy: Policy,
    handler: Handler<SlackActionMiddlewareArgs<A>>,
  ): void {
    this.add({ kind: 'action', id, policy, handler: handler as Handler<never> });
  }
  view<V extends SlackViewAction = SlackViewAction>(
    id: ViewId,
    policy: Policy,
    handler: Handler<SlackViewMiddlewareArgs<V>>,
  ): void {
    const [match, type] =
      typeof id === 'object' && !(id instanceof RegExp) ? [id.callback_id, id.type] : [id, 'view_submission'];
    this.add({ kind: 'view', id: match, type, policy, handler: handler as Handler<never> });
  }
  options(id: Id, policy: Policy, handler: Handler<SlackOptionsMiddlewareArgs<'block_suggestion'>>): void {
    this.add({ kind: 'options', id, policy, handler: handler as Handler<never> });
  }
  command(id: string, policy: CommandPolicy, handler: Handler<SlackCommandMiddlewareArgs>): void {
    this.add({ kind: 'command', id, policy, handler: handler as Handler<never> });
  }
  /** An Events API event for the person in `event.user` (app_home_opened); one entry per event type. */
  event<T extends string>(
    type: T,
    policy: Policy,
    handler: (args: EventArgs<T>) => Promise<void>,
    options: EventOptions<T> = {},
  ): void {
    this.add({
      kind: 'event',
      id: type,
      policy,
      handler: handler as Handler<never>,
      eventOptions: options as unknown as EventOptions,
    });
  }
  /**
   * A subcommand owned by another feature than the command (`/leads bulk` belongs to leads-bulk, `/leads`
   * to leads): it is found before the command's own handler, so the command's feature needs no import of it.
   */
  subcommand(command: string, word: string, policy: Policy, handler: SubcommandHandler): void {
    assertPolicy('subcommand', `${command} ${word}`, policy);
    this.subcommands.set(`${command} ${word.toLowerCase()}`, { policy, handler });
  }

  /** Every entry with its policy (subcommands registered by other features included), for tests and docs. */
  entries(): TableEntry[] {
    return this.list.map((entry) => {
      if (entry.kind !== 'command') return entry;
      const extra = [...this.subcommands]
        .filter(([key]) => key.startsWith(`${String(entry.id)} `))
        .map(([key, sub]) => [key.slice(String(entry.id).length + 1), sub.policy] as const);
      if (extra.length === 0) return entry;
      return {
        ...entry,
        policy: {
          ...entry.policy,
          subcommands: { ...entry.policy.subcommands, ...Object.fromEntries(extra) },
        },
      };
    });
  }

  private add(entry: TableEntry): void {
    assertPolicy(entry.kind, entry.id, entry.policy);
    this.list.push(entry);
  }

  private find(kind: EntryKind, key: string | undefined, type?: string): TableEntry | undefined {
    return this.list.find(
      (e) =>
        e.kind === kind &&
        (!type || e.type === type) &&
        (typeof e.id === 'string' ? e.id === key : e.id.test(key ?? '')),
    );
  }

  install(app: App, deps: GuardDeps): void {
    const { logger } = deps;
    const unhandled = async (kind: string, key: string | undefined, ack: () => Promise<void>) => {
      logger.debug('no handler; acked and ignored', { kind, key });
      await ack();
    };
    /**
     * Runs `handler` as the person who asked (the rate budget's per-person share) when they hold the role;
     * otherwise answers them, records the denial, and never calls the handler.
     */
    const guarded = async (
      declared: Policy,
      denial: Omit<Denial, 'text' | 'role'>,
      handler: () => Promise<void>,
    ): Promise<void> => {
      const { user } = requester(denial.args);
      const policy = declared.refine?.(denial.args.body) ?? declared;
      const decision = await deps.access.check(deps.lookupClient(), user, policy.role);
      if (!decision.allowed) {
        const text = deps.access.denialText(policy.role, policy.doing, decision);
        return denyPrivately({ ...denial, role: policy.role, text }, deps);
      }
      try {
        await runAsCaller(user, handler);
      } catch (error) {
        // A handler that throws (a busy database, a bug) still owes the person an answer, never silence.
        logger.error('a Slack listener failed', { what: denial.what, error });
        await denial.args.ack().catch(() => {}); // in case it failed before its ack; a second ack is refused
        const text = `Something went wrong while trying to ${policy.doing}. Nothing was lost; please try again in a moment.`;
        await tellPrivately(denial.args, user, text, logger);
      }
    };

    app.action(/.*/, async (args) => {
      const key = 'action_id' in args.action ? args.action.action_id : undefined; // block actions only
      const entry = this.find('action', key);
      if (!entry) return unhandled('action', key, args.ack as () => Promise<void>);
      await guarded(entry.policy, { kind: 'action', what: key ?? '?', args: args as never }, () =>
        entry.handler(args as never),
      );
    });
    for (const type of ['view_submission', 'view_closed'] as const) {
      app.view({ callback_id: /.*/, type }, async (args) => {
        const entry = this.find('view', args.view.callback_id, type);
        if (!entry) return unhandled('view', args.view.callback_id, () => args.ack());
        await guarded(entry.policy, { kind: type, what: args.view.callback_id, args: args as never }, () =>
          entry.handler(args as never),
        );
      });
    }
    app.options(/.*/, async (args) => {
      const key = 'action_id' in args.body ? String(args.body.action_id) : undefined;
      const entry = this.find('options', key);
      if (!entry) return args.ack({ options: [] });
      await guarded(entry.policy, { kind: 'options', what: key ?? '?', args: args as never }, () =>
        entry.handler(args as never),
      );
    });
    for (const entry of this.list.filter((e) => e.kind === 'event')) {
      const options = entry.eventOptions ?? {};
      app.event(String(entry.id), async (args) => {
        if (options.when && !options.when(args.event)) return;
        const user = (args.event as { user?: unknown }).user;
        if (typeof user !== 'string') return;
        const decision = await deps.access.check(deps.lookupClient(), user, entry.policy.role);
        if (!decision.allowed) {
          const { role, doing } = entry.policy;
          logger.info('request denied', { kind: 'event', what: entry.id, user, role });
          const team = (args.body as { team_id?: string }).team_id ?? '';
          await recordAudit(
            { store: { audit: deps.audit }, logger, now: deps.now },
            { user, team },
            {
              action: 'denied',
              target: String(entry.id),
              outcome: 'denied',
              detail: `needs ${role}`,
            },
          );
          await options.denied?.(args, deps.access.denialText(role, doing, decision));
          return;
        }
        try {
          await runAsCaller(user, () => entry.handler(args as never));
        } catch (error) {
          logger.error('a Slack event listener failed', { what: entry.id, error });
        }
      });
    }
    app.command(/.*/, async (args) => {
      const name = args.command.command;
      const text = decodeCommandText(args.command.text ?? '').trim();
      const word = (/^\S+/.exec(text)?.[0] ?? '').toLowerCase();
      const what = word ? `${name} ${word}` : name;
      const sub = this.subcommands.get(`${name} ${word}`);
      if (sub) {
        const rest = text.slice(word.length).trim();
        return guarded(sub.policy, { kind: 'command', what, args: args as never }, () =>
          sub.handler(args, rest),
        );
      }
      const entry = this.find('command', name);
      if (!entry) return unhandled('command', name, () => args.ack());
      const policy = entry.policy.subcommands?.[word] ?? entry.policy;
      await guarded(policy, { kind: 'command', what, args: args as never }, () =>
        entry.handler(args as never),
      );
    });
  }
}
