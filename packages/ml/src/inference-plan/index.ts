export { compileInferencePlan, type InferencePlan } from './compile-inference-plan.ts';
export { inferenceRunner } from './inference-runner.ts';
