// oneDNN 2-D convolutions over caller-owned buffers in TensorFlow's layouts: activations NHWC,
// filters HWIO. See conv2d.cc.
#pragma once
#include <cstdint>
#include <string>
#include <utility>

#include <oneapi/dnnl/dnnl.hpp>

namespace hpa {

// Shapes, strides, dilations (TensorFlow's convention: 1 = none) and padding (top, left,
// bottom, right) of one convolution, as tfjs's computeConv2DInfo reports them.
struct ConvGeometry {
  int64_t n, h, w, ci;  // input
  int64_t kh, kw, co;   // filter
  int64_t oh, ow;       // output
  int64_t sh, sw, dh, dw;
  int64_t pt, pl, pb, pr;
  std::string key() const;
};

dnnl::engine& cpu_engine();
dnnl::stream& cpu_stream();

// The end padding (bottom, right) that gives exactly g's output size, as oneDNN wants it;
// throws std::invalid_argument when the output size does not follow from the rest.
std::pair<int64_t, int64_t> conv_end_padding(const ConvGeometry& g);

// What the convolutions compute in: kF32, or kBf16 (bfloat16 inputs, float32 accumulation and
// outputs; see conv2d.cc). Process-wide, for the convolution calls that follow; the inference
// network (inference_net.cc) is float32 either way.
enum class Precision { kF32 = 0, kBf16 = 1 };
// Whether oneDNN runs native bfloat16 instructions here (the CPU's avx512_bf16 flag).
bool cpu_has_bf16();
// Throws std::invalid_argument naming the CPU flag for kBf16 where cpu_has_bf16() is false.
void set_conv_precision(Precision precision);
Precision conv_precision();

// What the forward convolution applies to its output, fused (no extra pass over memory).
enum class Activation { kLinear = 0, kRelu = 1, kRelu6 = 2 };

// A filter already reordered into the layout one forward plan wants, for a filter used many
// times (inference): it saves the per-call reorder (~7% of a ResNet inference batch).
struct PreparedFilter {
  std::string plan_key;
  dnnl::memory weights;
};
PreparedFilter* conv2d_prepare_filter(const ConvGeometry& g, const float* weights, bool with_bias,
                                      Activation activation, bool accumulate);

// With `residual` (same shape as dst, may be null): dst = activation(conv + bias + residual),
// a ResNet block's "add the shortcut, then ReLU" in the same pass. With `prepared` (may be
// null; made by conv2d_prepare_filter for the same call shape) `weights` is not read.
void conv2d_forward(const ConvGeometry& g, const float* src, const float* weights,
                    const float* bias, Activation activation, const float* residual,
                    const PreparedFilter* prepared, float* dst);
void conv2d_backward_data(const ConvGeometry& g, const float* diff_dst, const float* weights,
                          float* diff_src);
void conv2d_backward_weights(const ConvGeometry& g, const float* src, const float* diff_dst,
                             float* diff_weights);

}  // namespace hpa
