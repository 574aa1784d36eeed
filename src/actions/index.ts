import type { App, BlockButtonAction } from '@slack/bolt';
import type { AppContext } from '../context.js';
import { LEAD_CARD } from '../views/lead-card.js';
import { handleLeadStatusAction } from './lead-status.js';

export function register(app: App, ctx: AppContext): void {
  app.action<BlockButtonAction>(LEAD_CARD.statusActionPattern, (args) => handleLeadStatusAction(ctx, args));
}
