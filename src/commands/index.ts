import type { App } from '@slack/bolt';
import type { AppContext } from '../context.js';
import { BULKSEND_COMMAND, handleBulksendCommand } from './bulksend.js';
import { GROUPS_COMMAND, handleGroupsCommand } from './groups.js';
import { handleLeadsCommand, LEADS_COMMAND } from './leads.js';
import { handleMoltflowCommand, MOLTFLOW_COMMAND } from './moltflow.js';
import { handleScheduleCommand, SCHEDULE_COMMAND } from './schedule.js';

export function register(app: App, ctx: AppContext): void {
  app.command(MOLTFLOW_COMMAND, (args) => handleMoltflowCommand(ctx, args));
  app.command(LEADS_COMMAND, (args) => handleLeadsCommand(ctx, args));
  app.command(BULKSEND_COMMAND, (args) => handleBulksendCommand(ctx, args));
  app.command(GROUPS_COMMAND, (args) => handleGroupsCommand(ctx, args));
  app.command(SCHEDULE_COMMAND, (args) => handleScheduleCommand(ctx, args));
}
