// Fast seeding for the bench: 10,000 runs straight into the test database with createMany
// through the API's database layer (the dashboard itself only ever talks GraphQL). Values look
// like a real team's: five members, three architectures, most runs finished with scores.
import type { TestApi } from '@hpa-lab/api/testing';
import { NUM_CLASSES } from '@hpa-lab/ml/classes';
import { macroF1FromPerClass } from '@hpa-lab/ml/metrics';
import { RARE_CLASS_IDS, rareClassF1 } from '@hpa-lab/ml/rare-classes';

const MODELS = ['small-cnn', 'resnet', 'mobilenet-v2'] as const;
const LOSSES = ['bce', 'weighted-bce', 'focal', 'soft-f1'] as const;
const TAGS = ['baseline', 'focal', 'oversample', 'tta', 'ablation', 'long', '512px'];
const CHUNK = 1000;

/** Deterministic pseudo-random numbers (mulberry32), so every bench seeds the same data. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export async function seedBenchRuns(api: TestApi, count: number): Promise<void> {
  const db = api.database.prisma;
  const next = random(42);
  const members = [api.adminId];
  for (let i = 0; i < 4; i += 1) {
    const member = await db.member.create({
      data: { email: `bench${i}@bench.local`, name: `Bench member ${i}`, role: 'member' },
    });
    members.push(member.id);
  }
  const start = Date.now() - count * 60_000;
  for (let offset = 0; offset < count; offset += CHUNK) {
    const rows = Array.from({ length: Math.min(CHUNK, count - offset) }, (_, k) => {
      const i = offset + k;
      const model = MODELS[i % MODELS.length]!;
      const loss = LOSSES[Math.floor(next() * LOSSES.length)]!;
      const roll = next();
      const status =
        roll < 0.8
          ? 'succeeded'
          : roll < 0.9
            ? 'failed'
            : roll < 0.95
              ? 'cancelled'
              : roll < 0.98
                ? 'running'
                : 'queued';
      const createdAt = new Date(start + i * 60_000);
      const startedAt = status === 'queued' ? null : new Date(createdAt.getTime() + 5_000);
      const finished = status === 'succeeded' || status === 'failed' || status === 'cancelled';
      const finishedAt =
        finished && startedAt ? new Date(startedAt.getTime() + 60_000 + next() * 3_600_000) : null;
      const scored = status !== 'queued' && next() < 0.95;
      // Scores derived as the trainer and the API derive them: from per-class F1s, with
      // packages/ml's macro-F1 and rare-class definitions (the table shows both).
      const level = 0.2 + next() * 0.5;
      const f1 = scored
        ? Array.from({ length: NUM_CLASSES }, (_, c) =>
            Math.min(
              1,
              Math.max(0, level + (next() - 0.5) * 0.3 - (RARE_CLASS_IDS.includes(c) ? 0.2 : 0)),
            ),
          )
        : null;
      return {
        projectId: api.projectId,
        memberId: members[i % members.length]!,
        name: `${model} ${loss} #${i}`,
        approach: `${model} + ${loss}${i % 3 === 0 ? ' + rare oversampling' : ''}`,
        tags: [TAGS[i % TAGS.length]!, ...(i % 5 === 0 ? [TAGS[(i + 3) % TAGS.length]!] : [])],
        status: status as 'succeeded',
        config: {
          model: { name: model },
          inputSize: [128, 256, 512][i % 3],
          loss: { name: loss },
          dataset: { cachePath: '/data/cache.bin', fingerprint: 'fp-bench', splitSeed: 7 },
        },
        backend: status === 'queued' ? null : 'wasm',
        device: status === 'queued' ? null : 'cpu',
        bestMacroF1: f1 ? macroF1FromPerClass(f1) : null,
        rareClassF1: f1 ? rareClassF1(f1) : null,
        errorMessage: status === 'failed' ? 'out of memory' : null,
        createdAt,
        startedAt,
        finishedAt,
      };
    });
    await db.run.createMany({ data: rows });
  }
}
