// Entry point for `npm start`: read the config, start the app, stop cleanly on SIGTERM/SIGINT.
import { createMoltflowSlack } from './app.js';
import { ConfigError, loadConfig } from './config.js';

async function main(): Promise<void> {
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\nSee .env.example for every setting.\n`);
      process.exit(1);
    }
    throw err;
  }
  const service = await createMoltflowSlack(config);
  const shutdown = (signal: string) => {
    service.ctx.logger.info('shutting down', { signal });
    service.stop().then(
      () => process.exit(0),
      (error) => {
        service.ctx.logger.error('shutdown failed', { error });
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
  await service.start();
}

main().catch((error) => {
  process.stderr.write(
    `moltflow-slack could not start: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
