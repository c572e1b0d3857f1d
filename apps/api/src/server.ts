import './runtime-notices.js';
import closeWithGrace from 'close-with-grace';
import { buildApp } from './app.js';
import { ConfigError, loadConfig } from './config.js';

async function main() {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(1);
    }
    throw err;
  }
  let app;
  try {
    app = await buildApp(config);
    await app.ready();
  } catch (err) {
    // A setting that only the database can check (CREDENTIALS_KEY against the stored keys).
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(1);
    }
    throw err;
  }
  // A stop drains first (readiness 503, `Connection: close`; plugins/drain.ts), so a
  // balancer moves new requests elsewhere, then closes: what is in flight may take the grace.
  const { shutdownDrainMs, shutdownGraceMs } = config;
  closeWithGrace({ delay: shutdownDrainMs + shutdownGraceMs }, async ({ signal, err }) => {
    if (err) app.log.error({ err }, 'closing after error');
    else app.log.info({ signal, drainMs: shutdownDrainMs }, 'shutting down');
    if (!err && shutdownDrainMs > 0) {
      app.startDraining();
      await new Promise((resolve) => setTimeout(resolve, shutdownDrainMs));
    }
    await app.close();
  });
  await app.listen({ port: config.port, host: config.host });
  console.log(
    `Schoolloket runs at ${config.publicBaseUrl} (API docs: ${config.publicBaseUrl}/api/docs)`,
  );
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
