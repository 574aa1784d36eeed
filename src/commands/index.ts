import type { AppContext } from '../context.js';
import type { ListenerRoutes } from '../listener-routes.js';
import { BULKSEND_COMMAND, handleBulksendCommand } from './bulksend.js';
import { GROUPS_COMMAND, handleGroupsCommand } from './groups.js';
import { handleLeadsCommand, LEADS_COMMAND } from './leads.js';
import { handleMoltflowCommand, MOLTFLOW_COMMAND } from './moltflow.js';
import { handleScheduleCommand, SCHEDULE_COMMAND } from './schedule.js';

export function register(routes: ListenerRoutes, ctx: AppContext): void {
  routes.command(MOLTFLOW_COMMAND, (args) => handleMoltflowCommand(ctx, args));
  routes.command(LEADS_COMMAND, (args) => handleLeadsCommand(ctx, args));
  routes.command(BULKSEND_COMMAND, (args) => handleBulksendCommand(ctx, args));
  routes.command(GROUPS_COMMAND, (args) => handleGroupsCommand(ctx, args));
  routes.command(SCHEDULE_COMMAND, (args) => handleScheduleCommand(ctx, args));
}
