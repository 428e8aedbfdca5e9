// Memory-bound training kernels over NHWC float32 buffers (see training_ops.cc).
#pragma once
#include <cstdint>

namespace hpa {

// A 2-D pooling window, TensorFlow's conventions (dilation 1 = none); padding top and left.
struct PoolGeometry {
  int64_t n, h, w, c;
  int64_t oh, ow;
  int64_t kh, kw, sh, sw, dh, dw;
  int64_t pt, pl;
};

struct AdamStep {
  float learning_rate, beta1, beta2, epsilon;
  float one_minus_acc_beta1, one_minus_acc_beta2;  // 1 - beta^t, the bias corrections
};

// `rows` is N*H*W; `channels` the innermost axis. offset and scale may be null.
void batch_norm_inference(int64_t rows, int64_t channels, const float* x, const float* mean,
                          const float* variance, const float* offset, const float* scale,
                          float epsilon, bool relu, float* out);
// relu: out = max(batch-norm, 0), a ReLU fused after the batch-norm.
void batch_norm_training(int64_t rows, int64_t channels, const float* x, const float* scale,
                         const float* offset, float epsilon, bool relu, float* out, float* mean,
                         float* variance);
// relu_out (may be null): the fused-ReLU forward output; dy is then the gradient at the ReLU's
// output, and the ReLU's backward (dy where relu_out > 0) is folded into both passes.
void batch_norm_training_gradient(int64_t rows, int64_t channels, const float* dy,
                                  const float* relu_out, const float* x, const float* scale,
                                  const float* mean, const float* variance, float epsilon,
                                  float* dx, float* dscale, float* doffset);
void relu(int64_t size, const float* x, float* out);
void max_pool(const PoolGeometry& g, const float* x, float* y);
// y: the forward output (may be null: the window maxima are then recomputed from x).
void max_pool_gradient(const PoolGeometry& g, const float* x, const float* y, const float* dy,
                       float* dx);
// dx = dy where x > 0, else 0 (ReLU's gradient, x its input).
void relu_gradient(int64_t size, const float* dy, const float* x, float* dx);
void adam_update(int64_t size, const float* value, const float* m, const float* v,
                 const float* gradient, const AdamStep& step, float* new_value, float* new_m,
                 float* new_v);

}  // namespace hpa
