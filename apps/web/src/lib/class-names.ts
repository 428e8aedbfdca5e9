// The 28 HPA class names, from packages/ml's classes module alone: the @hpa-lab/ml barrel would
// pull TensorFlow.js into the web bundle.
export { CLASS_NAMES, NUM_CLASSES } from '@hpa-lab/ml/classes';
