import type { App } from '@slack/bolt';
import type { AppContext } from '../context.js';
import { handleMoltflowCommand, MOLTFLOW_COMMAND } from './moltflow.js';

export function register(app: App, ctx: AppContext): void {
  app.command(MOLTFLOW_COMMAND, (args) => handleMoltflowCommand(ctx, args));
}
