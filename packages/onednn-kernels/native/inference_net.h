// A whole inference network (convolutions with their folded batch-norm, ReLU and residual add,
// max-pools, a global mean) run natively in one call. See inference_net.cc for why.
#pragma once
#include <cstdint>
#include <map>
#include <memory>
#include <vector>

#include "conv2d.h"
#include "training_ops.h"

namespace hpa {

// One step; values (the network's input and each step's output) are numbered by the caller.
struct NetStep {
  enum class Kind { kConv, kMaxPool, kMean };
  Kind kind = Kind::kConv;
  int input = -1, output = -1;
  int residual = -1;  // kConv: a value added before the activation, or -1
  ConvGeometry conv{};  // kConv; its batch (n) is ignored: each run brings its own
  Activation activation = Activation::kLinear;
  std::vector<float> filter;  // kConv: HWIO, copied so the caller's buffer may go
  std::vector<float> bias;    // kConv: empty when there is none
  PoolGeometry pool{};        // kMaxPool; n ignored
};

// One image's shape (NHWC without the batch); a mean's output is 1 x 1 x C.
struct NetShape {
  int64_t h, w, c;
  int64_t size() const { return h * w * c; }
};

class InferenceNet {
 public:
  // Checks that the steps chain (every value defined before it is read, shapes agreeing, buffer
  // sizes right); throws std::invalid_argument naming the step and what is wrong.
  // `winograd`: run 3x3 stride-1 convolutions as Winograd where oneDNN has it (see
  // choose_conv in inference_net.cc); false: direct convolutions only.
  InferenceNet(int input_id, NetShape input_shape, int output_id, std::vector<NetStep> steps,
               bool winograd = true);
  ~InferenceNet();
  NetShape input_shape() const { return input_shape_; }
  NetShape output_shape() const { return output_shape_; }
  // x: `n` images, NHWC; out: n * output_shape().size() floats, NHWC.
  void run(int64_t n, const float* x, float* out);
  // Bytes of the buffers built so far (activations, reordered filters): reported to V8, which
  // otherwise sees a small handle and may keep a dropped network alive for long.
  size_t bytes() const { return bytes_; }

 private:
  struct Compiled;
  Compiled& compiled_for(int64_t n);

  bool winograd_;
  int input_id_, output_id_;
  NetShape input_shape_, output_shape_;
  std::vector<NetStep> steps_;
  // oneDNN primitives and buffers, built at the first run with each batch size.
  std::map<int64_t, std::unique_ptr<Compiled>> compiled_;
  size_t bytes_ = 0;
};

}  // namespace hpa
