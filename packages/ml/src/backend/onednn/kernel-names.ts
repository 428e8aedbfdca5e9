// Kernels of our own (not in tfjs): registered only where the oneDNN addon is loaded. Code
// that can use them checks `tf.getKernel(name, tf.getBackend())` and otherwise takes tfjs's
// stock path, so every backend still trains.
export const BATCH_NORM_TRAINING = 'HpaBatchNormTraining';
export const BATCH_NORM_TRAINING_GRAD = 'HpaBatchNormTrainingGrad';
export const ADAM_UPDATE = 'HpaAdamUpdate';
export const CONV2D_RESIDUAL = 'HpaConv2DResidual';
export const RELU_GRAD = 'HpaReluGrad';
export const MOVING_AVERAGES = 'HpaMovingAverages';
/** A whole inference network in one native call (attrs.net: an InferenceNetSpec). */
export const INFERENCE_NET = 'HpaInferenceNet';
