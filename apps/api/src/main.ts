// `npm start -w @hpa-lab/api`: the API on its own. With REDIS_URL (team mode) that is the whole
// API, trainer workers consume the queue; without it launched runs wait, as on a queue with no
// worker. The root `npm start` runs apps/platform instead, which hands the API the trainer.
import { runApiServer } from './server.ts';

await runApiServer();
