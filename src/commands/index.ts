import type { AppContext } from '../context.js';
import type { ListenerRoutes } from '../listener-routes.js';
import { handleBulksendCommand, SLASH_BULKSEND } from './bulksend.js';
import { handleGroupsCommand, SLASH_GROUPS } from './groups.js';
import { handleLeadsCommand, SLASH_LEADS } from './leads.js';
import { handleMoltflowCommand, SLASH_MOLTFLOW } from './moltflow.js';
import { handleScheduleCommand, SLASH_SCHEDULE } from './schedule.js';

export function register(routes: ListenerRoutes, ctx: AppContext): void {
  routes.command(SLASH_MOLTFLOW, (args) => handleMoltflowCommand(ctx, args));
  routes.command(SLASH_LEADS, (args) => handleLeadsCommand(ctx, args));
  routes.command(SLASH_BULKSEND, (args) => handleBulksendCommand(ctx, args));
  routes.command(SLASH_GROUPS, (args) => handleGroupsCommand(ctx, args));
  routes.command(SLASH_SCHEDULE, (args) => handleScheduleCommand(ctx, args));
}
