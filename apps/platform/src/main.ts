// The composition root of the platform's server process (what the root `npm start` runs): the
// API, handed the trainer's job processor. Without REDIS_URL (embedded mode) the API's
// in-process queue trains launched runs with it, in this process; with REDIS_URL jobs go to
// BullMQ and trainer workers (`npm run worker -w @hpa-lab/trainer`) train them. Neither app
// imports the other: this package depends on both.
import { runApiServer } from '@hpa-lab/api/server';
import { processTrainJob } from '@hpa-lab/trainer/processor';

await runApiServer({ processor: processTrainJob });
