import type { App } from '@slack/bolt';
import type { AppContext } from '../context.js';

/** Modal submissions and external-select option loaders. Each feature adds its own lines here. */
export function register(_app: App, _ctx: AppContext): void {}
