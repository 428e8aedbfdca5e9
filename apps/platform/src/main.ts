// The composition root of the platform's server process (what the root `npm start` runs): the
// API, handed the trainer's job processor. Without REDIS_URL (embedded mode) the API's
// in-process queue trains launched runs with it, in this process; with REDIS_URL jobs go to
// BullMQ and trainer workers (`npm run worker -w @hpa-lab/trainer`) train them. Neither app
// imports the other: this package depends on both.
// Once the API listens it tells the root `npm start` so (the ready file, see ready-file.ts) and,
// unless HPA_NO_DEMO, seeds the demo runs (demo.ts) as the first admin.
import { runApiServer } from '@hpa-lab/api/server';
import { createLogger } from '@hpa-lab/logging';
import { processTrainJob } from '@hpa-lab/trainer/processor';
import { startDemo } from './demo-start.ts';
import { loadPlatformEnv } from './env.ts';
import { writeReadyFile } from './ready-file.ts';

const env = loadPlatformEnv();
const server = await runApiServer({
  processor: processTrainJob,
  quietAdminAccess: env.readyFile !== undefined,
});
if (env.readyFile) await writeReadyFile(env.readyFile, server, env.demo);
if (env.demo) {
  const logger = createLogger({ level: env.logLevel, format: env.logFormat, name: 'hpa-lab-demo' });
  void startDemo(server, logger, { waitFor: env.demoWaitFor });
}
