// 2-D convolution forward, backward-data and backward-weights on oneDNN, over caller-owned
// float32 buffers in TensorFlow's layouts (activations NHWC, filters HWIO), without copies:
// the tfjs wasm backend hands us views of its heap. oneDNN picks its own weight layout (the
// blocked one its JIT kernels want). Training's filters change every step: each call reorders
// them into that layout (backward-weights reorders its result out of it), cheap next to the
// convolution. A filter used many times unchanged (inference) is reordered once instead:
// conv2d_prepare_filter keeps it in the blocked layout for conv2d_forward's `prepared`.
//
// Precision kBf16 (set_conv_precision): the convolutions read bfloat16 copies of their inputs
// (activations, filters, incoming gradients), made by a reorder per call, and write float32
// (oneDNN accumulates in float32), so weights, gradients and everything outside the
// convolutions stay float32: "mixed precision" as PyTorch's CPU autocast does it.
#include "conv2d.h"

#include <cstring>
#include <mutex>
#include <stdexcept>
#include <sstream>
#include <unordered_map>

namespace hpa {

using dnnl::algorithm;
using dnnl::memory;
using dnnl::prop_kind;
using tag = memory::format_tag;
using dt = memory::data_type;

dnnl::engine& cpu_engine() {
  static dnnl::engine engine(dnnl::engine::kind::cpu, 0);
  return engine;
}

dnnl::stream& cpu_stream() {
  static dnnl::stream stream(cpu_engine());
  return stream;
}

namespace {
Precision current_precision = Precision::kF32;
}  // namespace

bool cpu_has_bf16() {
  auto need = static_cast<unsigned>(dnnl::cpu_isa::avx512_core_bf16);
  return (static_cast<unsigned>(dnnl::get_effective_cpu_isa()) & need) == need;
}

void set_conv_precision(Precision precision) {
  if (precision == Precision::kBf16 && !cpu_has_bf16()) {
    throw std::invalid_argument(
        "bfloat16 convolutions need a CPU with the avx512_bf16 flag (AVX-512 BF16); "
        "oneDNN finds none here");
  }
  current_precision = precision;
}

Precision conv_precision() { return current_precision; }

std::string ConvGeometry::key() const {
  std::ostringstream k;
  k << n << ',' << h << ',' << w << ',' << ci << ',' << kh << ',' << kw << ',' << co << ','
    << oh << ',' << ow << ',' << sh << ',' << sw << ',' << dh << ',' << dw << ',' << pt << ','
    << pl << ',' << pb << ',' << pr;
  return k.str();
}

std::pair<int64_t, int64_t> conv_end_padding(const ConvGeometry& g) {
  // TensorFlow may pad one more row at the bottom than the output needs (SAME with stride 2);
  // oneDNN wants the padding that exactly produces the output size.
  auto exact_end = [](int64_t in, int64_t out, int64_t k, int64_t s, int64_t dil, int64_t begin) {
    int64_t extent = (k - 1) * dil + 1;
    return (out - 1) * s + extent - in - begin;
  };
  int64_t bottom = exact_end(g.h, g.oh, g.kh, g.sh, g.dh, g.pt);
  int64_t right = exact_end(g.w, g.ow, g.kw, g.sw, g.dw, g.pl);
  // Up to stride - 1 rows may be left over (negative end padding); more padding than declared
  // means the output size does not follow from the input, filter, stride and padding.
  if (bottom > g.pb || bottom < -(g.sh - 1) || right > g.pr || right < -(g.sw - 1)) {
    throw std::invalid_argument("geometry: output " + std::to_string(g.oh) + "x" +
                                std::to_string(g.ow) + " does not follow from input " +
                                std::to_string(g.h) + "x" + std::to_string(g.w) + ", filter " +
                                std::to_string(g.kh) + "x" + std::to_string(g.kw) +
                                ", strides and padding");
  }
  return {bottom, right};
}

namespace {

struct Descs {
  // src and dst: the caller's float32 NHWC buffers. conv_src and conv_diff_dst: what the
  // convolution reads (the same as src and dst in float32; bfloat16 copies in kBf16).
  memory::desc src, conv_src, weights_any, weights_user, bias, dst, conv_diff_dst;
  memory::dims strides, dilates, pad_l, pad_r;
};

Descs make_descs(const ConvGeometry& g, Precision precision) {
  Descs d;
  dt conv_type = precision == Precision::kBf16 ? dt::bf16 : dt::f32;
  d.src = memory::desc({g.n, g.ci, g.h, g.w}, dt::f32, tag::nhwc);
  d.conv_src = memory::desc({g.n, g.ci, g.h, g.w}, conv_type, tag::nhwc);
  d.weights_any = memory::desc({g.co, g.ci, g.kh, g.kw}, conv_type, tag::any);
  d.weights_user = memory::desc({g.co, g.ci, g.kh, g.kw}, dt::f32, tag::hwio);
  d.bias = memory::desc({g.co}, dt::f32, tag::x);
  d.dst = memory::desc({g.n, g.co, g.oh, g.ow}, dt::f32, tag::nhwc);
  d.conv_diff_dst = memory::desc({g.n, g.co, g.oh, g.ow}, conv_type, tag::nhwc);
  d.strides = {g.sh, g.sw};
  // oneDNN counts dilation from 0 (no dilation); TensorFlow from 1.
  d.dilates = {g.dh - 1, g.dw - 1};
  auto [bottom, right] = conv_end_padding(g);
  d.pad_l = {g.pt, g.pl};
  d.pad_r = {bottom, right};
  return d;
}

dnnl::reorder make_reorder(const memory::desc& from, const memory::desc& to) {
  return dnnl::reorder(dnnl::reorder::primitive_desc(cpu_engine(), from, cpu_engine(), to));
}

// A float32 NHWC buffer's bfloat16 copy, made before a kBf16 convolution reads it. The copy's
// buffer is kept with the plan (one per shape): allocating megabytes per call would cost page
// faults every step. Calls come one at a time from the tfjs backend, so one buffer suffices.
struct Bf16Input {
  dnnl::reorder convert;  // empty in float32: the convolution reads the caller's buffer
  memory copy;

  static Bf16Input make(const memory::desc& f32, const memory::desc& conv) {
    Bf16Input input;
    if (f32 == conv) return input;
    input.convert = make_reorder(f32, conv);
    input.copy = memory(conv, cpu_engine());
    return input;
  }

  // The memory the convolution reads: `user` itself in float32, else its fresh copy.
  memory read(dnnl::stream& stream, memory user) const {
    if (!convert) return user;
    memory target = copy;  // a handle to the same buffer
    convert.execute(stream, user, target);
    return target;
  }
};

struct ForwardPlan {
  dnnl::convolution_forward::primitive_desc pd;
  dnnl::convolution_forward conv;
  bool reorder_weights;
  dnnl::reorder to_blocked;
  Bf16Input src;
};

struct BackwardDataPlan {
  dnnl::convolution_backward_data::primitive_desc pd;
  dnnl::convolution_backward_data conv;
  bool reorder_weights;
  dnnl::reorder to_blocked;
  Bf16Input diff_dst;
};

struct BackwardWeightsPlan {
  dnnl::convolution_backward_weights::primitive_desc pd;
  dnnl::convolution_backward_weights conv;
  bool reorder_weights;
  dnnl::reorder to_user;
  Bf16Input src, diff_dst;
};

// dst: the caller's float32 output, or (a backward plan's hint) the convolution's diff_dst.
dnnl::convolution_forward::primitive_desc forward_pd(const Descs& d, const memory::desc& dst,
                                                     bool with_bias, Activation activation,
                                                     bool accumulate, prop_kind kind) {
  dnnl::primitive_attr attr;
  if (activation != Activation::kLinear || accumulate) {
    dnnl::post_ops ops;
    // accumulate: dst = conv + bias + dst (a residual connection, dst holding the shortcut).
    if (accumulate) ops.append_sum(1.0f);
    if (activation == Activation::kLinear) {
    } else if (activation == Activation::kRelu) {
      ops.append_eltwise(1.0f, algorithm::eltwise_relu, 0.0f, 0.0f);
    } else {
      ops.append_eltwise(1.0f, algorithm::eltwise_clip, 0.0f, 6.0f);  // relu6
    }
    attr.set_post_ops(ops);
  }
  if (with_bias) {
    dnnl::convolution_forward::desc desc(kind, algorithm::convolution_direct, d.conv_src,
                                         d.weights_any, d.bias, dst, d.strides, d.dilates,
                                         d.pad_l, d.pad_r);
    return {desc, attr, cpu_engine()};
  }
  dnnl::convolution_forward::desc desc(kind, algorithm::convolution_direct, d.conv_src,
                                       d.weights_any, dst, d.strides, d.dilates, d.pad_l, d.pad_r);
  return {desc, attr, cpu_engine()};
}

// Plans are built once per shape and kept: building one costs far more than running it.
std::mutex plans_mutex;
std::unordered_map<std::string, ForwardPlan> forward_plans;
std::unordered_map<std::string, BackwardDataPlan> backward_data_plans;
std::unordered_map<std::string, BackwardWeightsPlan> backward_weights_plans;

std::string precision_key(Precision precision) {
  return precision == Precision::kBf16 ? ",bf16" : ",f32";
}

std::string forward_key(const ConvGeometry& g, bool with_bias, Activation activation,
                        bool accumulate) {
  return g.key() + (with_bias ? ",b," : ",-,") + std::to_string(static_cast<int>(activation)) +
         (accumulate ? ",sum" : ",-") + precision_key(current_precision);
}

ForwardPlan& get_forward_plan(const ConvGeometry& g, bool with_bias, Activation activation,
                              bool accumulate) {
  std::string key = forward_key(g, with_bias, activation, accumulate);
  std::lock_guard<std::mutex> lock(plans_mutex);
  auto found = forward_plans.find(key);
  if (found != forward_plans.end()) return found->second;
  Descs d = make_descs(g, current_precision);
  auto pd = forward_pd(d, d.dst, with_bias, activation, accumulate, prop_kind::forward_training);
  bool reorder = pd.weights_desc() != d.weights_user;
  dnnl::reorder to_blocked;
  if (reorder) to_blocked = make_reorder(d.weights_user, pd.weights_desc());
  auto [it, _] = forward_plans.emplace(
      key, ForwardPlan{pd, dnnl::convolution_forward(pd), reorder, to_blocked,
                       Bf16Input::make(d.src, d.conv_src)});
  return it->second;
}

BackwardDataPlan& get_backward_data_plan(const ConvGeometry& g) {
  std::string key = g.key() + precision_key(current_precision);
  std::lock_guard<std::mutex> lock(plans_mutex);
  auto found = backward_data_plans.find(key);
  if (found != backward_data_plans.end()) return found->second;
  Descs d = make_descs(g, current_precision);
  auto hint = forward_pd(d, d.conv_diff_dst, false, Activation::kLinear, false,
                         prop_kind::forward_training);
  // diff_src is the caller's float32 buffer in either precision.
  dnnl::convolution_backward_data::desc desc(algorithm::convolution_direct, d.src, d.weights_any,
                                             d.conv_diff_dst, d.strides, d.dilates, d.pad_l,
                                             d.pad_r);
  dnnl::convolution_backward_data::primitive_desc pd(desc, cpu_engine(), hint);
  bool reorder = pd.weights_desc() != d.weights_user;
  dnnl::reorder to_blocked;
  if (reorder) to_blocked = make_reorder(d.weights_user, pd.weights_desc());
  auto [it, _] = backward_data_plans.emplace(
      key, BackwardDataPlan{pd, dnnl::convolution_backward_data(pd), reorder, to_blocked,
                            Bf16Input::make(d.dst, d.conv_diff_dst)});
  return it->second;
}

BackwardWeightsPlan& get_backward_weights_plan(const ConvGeometry& g) {
  std::string key = g.key() + precision_key(current_precision);
  std::lock_guard<std::mutex> lock(plans_mutex);
  auto found = backward_weights_plans.find(key);
  if (found != backward_weights_plans.end()) return found->second;
  Descs d = make_descs(g, current_precision);
  auto hint = forward_pd(d, d.conv_diff_dst, false, Activation::kLinear, false,
                         prop_kind::forward_training);
  // The filter gradient is float32 in either precision (any layout: reordered to HWIO after).
  memory::desc diff_weights_any({g.co, g.ci, g.kh, g.kw}, dt::f32, tag::any);
  dnnl::convolution_backward_weights::desc desc(algorithm::convolution_direct, d.conv_src,
                                                diff_weights_any, d.conv_diff_dst, d.strides,
                                                d.dilates, d.pad_l, d.pad_r);
  dnnl::convolution_backward_weights::primitive_desc pd(desc, cpu_engine(), hint);
  bool reorder = pd.diff_weights_desc() != d.weights_user;
  dnnl::reorder to_user;
  if (reorder) to_user = make_reorder(pd.diff_weights_desc(), d.weights_user);
  auto [it, _] = backward_weights_plans.emplace(
      key, BackwardWeightsPlan{pd, dnnl::convolution_backward_weights(pd), reorder, to_user,
                               Bf16Input::make(d.src, d.conv_src),
                               Bf16Input::make(d.dst, d.conv_diff_dst)});
  return it->second;
}

}  // namespace

PreparedFilter* conv2d_prepare_filter(const ConvGeometry& g, const float* weights, bool with_bias,
                                      Activation activation, bool accumulate) {
  ForwardPlan& plan = get_forward_plan(g, with_bias, activation, accumulate);
  Descs d = make_descs(g, current_precision);
  auto& engine = cpu_engine();
  auto& stream = cpu_stream();
  memory user_weights(d.weights_user, engine, const_cast<float*>(weights));
  memory blocked(plan.pd.weights_desc(), engine);  // owns its buffer
  if (plan.reorder_weights) {
    plan.to_blocked.execute(stream, user_weights, blocked);
    stream.wait();
  } else {
    std::memcpy(blocked.get_data_handle(), weights, plan.pd.weights_desc().get_size());
  }
  return new PreparedFilter{forward_key(g, with_bias, activation, accumulate), blocked};
}

void conv2d_forward(const ConvGeometry& g, const float* src, const float* weights,
                    const float* bias, Activation activation, const float* residual,
                    const PreparedFilter* prepared, float* dst) {
  ForwardPlan& plan = get_forward_plan(g, bias != nullptr, activation, residual != nullptr);
  if (prepared != nullptr &&
      prepared->plan_key != forward_key(g, bias != nullptr, activation, residual != nullptr)) {
    throw std::invalid_argument("prepared filter: it was prepared for another convolution");
  }
  if (residual != nullptr && residual != dst) {
    std::memcpy(dst, residual, sizeof(float) * g.n * g.oh * g.ow * g.co);
  }
  Descs d = make_descs(g, current_precision);
  auto& engine = cpu_engine();
  auto& stream = cpu_stream();
  memory src_mem = plan.src.read(stream, memory(d.src, engine, const_cast<float*>(src)));
  memory user_weights(d.weights_user, engine, const_cast<float*>(weights));
  memory dst_mem(d.dst, engine, dst);
  memory conv_weights = user_weights;
  if (prepared != nullptr) {
    conv_weights = prepared->weights;
  } else if (plan.reorder_weights) {
    conv_weights = memory(plan.pd.weights_desc(), engine);
    plan.to_blocked.execute(stream, user_weights, conv_weights);
  }
  std::unordered_map<int, memory> args{
      {DNNL_ARG_SRC, src_mem}, {DNNL_ARG_WEIGHTS, conv_weights}, {DNNL_ARG_DST, dst_mem}};
  if (bias != nullptr) args.emplace(DNNL_ARG_BIAS, memory(d.bias, engine, const_cast<float*>(bias)));
  plan.conv.execute(stream, args);
  stream.wait();
}

void conv2d_backward_data(const ConvGeometry& g, const float* diff_dst, const float* weights,
                          float* diff_src) {
  BackwardDataPlan& plan = get_backward_data_plan(g);
  Descs d = make_descs(g, current_precision);
  auto& engine = cpu_engine();
  auto& stream = cpu_stream();
  memory diff_dst_mem =
      plan.diff_dst.read(stream, memory(d.dst, engine, const_cast<float*>(diff_dst)));
  memory user_weights(d.weights_user, engine, const_cast<float*>(weights));
  memory diff_src_mem(d.src, engine, diff_src);
  memory conv_weights = user_weights;
  if (plan.reorder_weights) {
    conv_weights = memory(plan.pd.weights_desc(), engine);
    plan.to_blocked.execute(stream, user_weights, conv_weights);
  }
  plan.conv.execute(stream, {{DNNL_ARG_DIFF_DST, diff_dst_mem},
                             {DNNL_ARG_WEIGHTS, conv_weights},
                             {DNNL_ARG_DIFF_SRC, diff_src_mem}});
  stream.wait();
}

void conv2d_backward_weights(const ConvGeometry& g, const float* src, const float* diff_dst,
                             float* diff_weights) {
  BackwardWeightsPlan& plan = get_backward_weights_plan(g);
  Descs d = make_descs(g, current_precision);
  auto& engine = cpu_engine();
  auto& stream = cpu_stream();
  memory src_mem = plan.src.read(stream, memory(d.src, engine, const_cast<float*>(src)));
  memory diff_dst_mem =
      plan.diff_dst.read(stream, memory(d.dst, engine, const_cast<float*>(diff_dst)));
  memory user_diff_weights(d.weights_user, engine, diff_weights);
  memory conv_diff_weights = user_diff_weights;
  if (plan.reorder_weights) conv_diff_weights = memory(plan.pd.diff_weights_desc(), engine);
  plan.conv.execute(stream, {{DNNL_ARG_SRC, src_mem},
                             {DNNL_ARG_DIFF_DST, diff_dst_mem},
                             {DNNL_ARG_DIFF_WEIGHTS, conv_diff_weights}});
  if (plan.reorder_weights) plan.to_user.execute(stream, conv_diff_weights, user_diff_weights);
  stream.wait();
}

}  // namespace hpa
