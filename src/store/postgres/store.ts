import type { Store } from '../types.js';

/** Placeholder until the Postgres backend lands. */
export async function openPostgresStore(_url: string, _instanceId?: string): Promise<Store> {
  throw new Error('The Postgres store is not built yet');
}
