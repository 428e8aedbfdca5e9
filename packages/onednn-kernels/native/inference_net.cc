// A whole inference network run natively, in one call from JavaScript: the folded inference
// plan (packages/ml/src/inference-plan) hands over its convolutions (batch-norm already folded
// in), max-pools and the global mean once, and each batch is then one call.
//
// Why: run step by step through tfjs, every convolution reads and writes NHWC (TensorFlow's
// layout) on the wasm heap, oneDNN converting in and out of its blocked layout inside each
// call, and every step pays tfjs's per-kernel bookkeeping and a fresh output allocation. Here
// the activations stay in the layout oneDNN picks for each primitive (nChw16c on AVX-512)
// from the first convolution to the mean; only the input is read as NHWC and only the output
// is written as NHWC. Buffers, primitives and reordered weights are built once per batch size.
// A residual add runs as the convolution's sum post-op, in place on the shortcut's buffer
// when nothing reads the shortcut afterwards (always so in a ResNet), so it copies nothing.
#include "inference_net.h"

#include <cstring>
#include <stdexcept>
#include <string>
#include <unordered_map>

namespace hpa {

using dnnl::algorithm;
using dnnl::memory;
using dnnl::prop_kind;
using tag = memory::format_tag;
using dt = memory::data_type;

namespace {

std::string where(size_t index) { return "step " + std::to_string(index) + ": "; }

std::string shape_text(const NetShape& s) {
  return std::to_string(s.h) + "x" + std::to_string(s.w) + "x" + std::to_string(s.c);
}

bool same(const NetShape& a, const NetShape& b) { return a.h == b.h && a.w == b.w && a.c == b.c; }

memory::desc any_desc(int64_t n, const NetShape& s) {
  return memory::desc({n, s.c, s.h, s.w}, dt::f32, tag::any);
}

memory::desc nhwc_desc(int64_t n, const NetShape& s) {
  return memory::desc({n, s.c, s.h, s.w}, dt::f32, tag::nhwc);
}

// End padding for a pooling window: exact, but never negative (oneDNN floors the leftover).
int64_t pool_end(int64_t in, int64_t out, int64_t k, int64_t s, int64_t dil, int64_t begin) {
  int64_t end = (out - 1) * s + (k - 1) * dil + 1 - in - begin;
  return end < 0 ? 0 : end;
}

// The same kind of layout as `like` (plain NHWC or one of oneDNN's blocked ones) for other
// dimensions; `any` when it is none of those.
memory::desc same_layout(const memory::desc& like, const memory::dims& dims) {
  for (tag t : {tag::nhwc, tag::nChw16c, tag::nChw8c, tag::nchw}) {
    if (like == memory::desc(like.dims(), dt::f32, t)) return memory::desc(dims, dt::f32, t);
  }
  return memory::desc(dims, dt::f32, tag::any);
}

bool is_reference(const dnnl::primitive_desc_base& pd) {
  return std::string(pd.impl_info_str()).rfind("ref", 0) == 0;
}

// The convolution to run, best candidate first:
//  1. Winograd F(4x4, 3x3) for a 3x3 stride-1 convolution: 2.25x fewer multiplies, in
//     oneDNN's blocked layout; oneDNN has it for AVX-512 only (elsewhere creating it fails).
//     Its rounding differs from a direct convolution's by ~1e-6 relative (tested).
//  2. Direct, in the layout the input already has, so nothing is reordered between steps.
//  3. Direct, in the layouts oneDNN prefers (`any`).
// A reference implementation (ref:any, ~100x slower) is taken only when nothing else exists.
dnnl::convolution_forward::primitive_desc choose_conv(const ConvGeometry& g,
                                                      std::pair<int64_t, int64_t> end,
                                                      bool with_bias,
                                                      const dnnl::primitive_attr& attr,
                                                      const memory::desc& input, bool winograd) {
  auto& engine = cpu_engine();
  memory::dims src_dims{g.n, g.ci, g.h, g.w}, dst_dims{g.n, g.co, g.oh, g.ow};
  memory::desc weights({g.co, g.ci, g.kh, g.kw}, dt::f32, tag::any);
  memory::desc bias({g.co}, dt::f32, tag::x);
  memory::dims strides{g.sh, g.sw}, dilates{g.dh - 1, g.dw - 1}, pad_l{g.pt, g.pl},
      pad_r{end.first, end.second};
  auto make = [&](algorithm alg, const memory::desc& src, const memory::desc& dst) {
    auto desc = with_bias ? dnnl::convolution_forward::desc(prop_kind::forward_inference, alg,
                                                            src, weights, bias, dst, strides,
                                                            dilates, pad_l, pad_r)
                          : dnnl::convolution_forward::desc(prop_kind::forward_inference, alg,
                                                            src, weights, dst, strides, dilates,
                                                            pad_l, pad_r);
    return dnnl::convolution_forward::primitive_desc(desc, attr, engine);
  };
  memory::desc src_any(src_dims, dt::f32, tag::any), dst_any(dst_dims, dt::f32, tag::any);
  bool three_by_three = g.kh == 3 && g.kw == 3 && g.sh == 1 && g.sw == 1 && g.dh == 1 && g.dw == 1;
  if (winograd && three_by_three) {
    try {
      auto pd = make(algorithm::convolution_winograd, src_any, dst_any);
      if (!is_reference(pd)) return pd;
    } catch (const dnnl::error&) {
      // not implemented for this shape or CPU: a direct convolution below
    }
  }
  memory::desc src_same = same_layout(input, src_dims);
  if (src_same.data.format_kind != dnnl_format_kind_any) {
    try {
      auto pd = make(algorithm::convolution_direct, src_same, same_layout(input, dst_dims));
      if (!is_reference(pd)) return pd;
    } catch (const dnnl::error&) {
      // this layout is not supported for this shape: oneDNN's choice below
    }
  }
  return make(algorithm::convolution_direct, src_any, dst_any);
}

}  // namespace

InferenceNet::InferenceNet(int input_id, NetShape input_shape, int output_id,
                           std::vector<NetStep> steps, bool winograd)
    : winograd_(winograd),
      input_id_(input_id),
      output_id_(output_id),
      input_shape_(input_shape),
      output_shape_(input_shape),
      steps_(std::move(steps)) {
  if (input_shape.h < 1 || input_shape.w < 1 || input_shape.c < 1) {
    throw std::invalid_argument("input shape " + shape_text(input_shape) + " is empty");
  }
  std::unordered_map<int, NetShape> shapes{{input_id, input_shape}};
  auto read = [&](size_t i, int id, const char* role) -> NetShape {
    auto found = shapes.find(id);
    if (found == shapes.end()) {
      throw std::invalid_argument(where(i) + role + " " + std::to_string(id) +
                                  " is not the input or an earlier step's output");
    }
    return found->second;
  };
  for (size_t i = 0; i < steps_.size(); i++) {
    NetStep& step = steps_[i];
    NetShape in = read(i, step.input, "input");
    NetShape out{};
    if (step.kind == NetStep::Kind::kConv) {
      ConvGeometry& g = step.conv;
      if (!same(in, {g.h, g.w, g.ci})) {
        throw std::invalid_argument(where(i) + "the geometry expects input " +
                                    shape_text({g.h, g.w, g.ci}) + ", value " +
                                    std::to_string(step.input) + " is " + shape_text(in));
      }
      if (step.filter.size() != static_cast<size_t>(g.kh * g.kw * g.ci * g.co)) {
        throw std::invalid_argument(where(i) + "filter holds " +
                                    std::to_string(step.filter.size()) + " floats, the geometry needs " +
                                    std::to_string(g.kh * g.kw * g.ci * g.co));
      }
      if (!step.bias.empty() && step.bias.size() != static_cast<size_t>(g.co)) {
        throw std::invalid_argument(where(i) + "bias holds " + std::to_string(step.bias.size()) +
                                    " floats, the convolution has " + std::to_string(g.co) +
                                    " output channels");
      }
      try {
        conv_end_padding(g);
      } catch (const std::invalid_argument& e) {
        throw std::invalid_argument(where(i) + e.what());
      }
      out = {g.oh, g.ow, g.co};
      if (step.residual >= 0) {
        NetShape r = read(i, step.residual, "residual");
        if (!same(r, out)) {
          throw std::invalid_argument(where(i) + "residual " + std::to_string(step.residual) +
                                      " is " + shape_text(r) + ", the output is " +
                                      shape_text(out));
        }
      }
    } else if (step.kind == NetStep::Kind::kMaxPool) {
      const PoolGeometry& p = step.pool;
      if (!same(in, {p.h, p.w, p.c})) {
        throw std::invalid_argument(where(i) + "the pool geometry expects input " +
                                    shape_text({p.h, p.w, p.c}) + ", value " +
                                    std::to_string(step.input) + " is " + shape_text(in));
      }
      out = {p.oh, p.ow, p.c};
    } else {
      out = {1, 1, in.c};
    }
    if (shapes.count(step.output) != 0) {
      throw std::invalid_argument(where(i) + "output " + std::to_string(step.output) +
                                  " is already defined");
    }
    shapes[step.output] = out;
  }
  output_shape_ = read(steps_.size(), output_id, "output");
}

// The primitives for one batch size. Every value owns a buffer in the layout its producer
// chose; a consumer wanting another layout gets a reordered copy, made once per value and
// layout (the input's NHWC, for the first convolution).
struct InferenceNet::Compiled {
  struct Call {
    dnnl::primitive primitive;
    std::unordered_map<int, memory> args;
  };
  memory input;  // wraps the caller's NHWC buffer; its handle is set per run
  std::unordered_map<int, memory> values;
  std::vector<Call> calls;  // reorders and steps, in order
  std::vector<memory> weights;  // reordered filters, kept alive
  memory output;  // wraps the caller's output buffer
  size_t bytes = 0;  // what the buffers above hold, for the garbage collector's accounting
};

InferenceNet::~InferenceNet() = default;

InferenceNet::Compiled& InferenceNet::compiled_for(int64_t n) {
  auto found = compiled_.find(n);
  if (found != compiled_.end()) return *found->second;
  auto& engine = cpu_engine();
  auto c = std::make_unique<Compiled>();
  c->input = memory(nhwc_desc(n, input_shape_), engine, DNNL_MEMORY_NONE);
  c->values[input_id_] = c->input;
  // Where each value is read last: a residual's buffer can become its reader's output then.
  std::unordered_map<int, size_t> last_read;
  for (size_t i = 0; i < steps_.size(); i++) {
    last_read[steps_[i].input] = i;
    if (steps_[i].residual >= 0) last_read[steps_[i].residual] = i;
  }
  last_read[output_id_] = steps_.size();
  last_read[input_id_] = steps_.size();  // the caller's buffer: never written
  // Copies of a value in another layout, keyed by value and layout.
  std::vector<std::pair<int, memory>> converted;
  auto as = [&](int id, const memory::desc& want) -> memory {
    memory have = c->values.at(id);
    if (have.get_desc() == want) return have;
    for (auto& [cid, mem] : converted) {
      if (cid == id && mem.get_desc() == want) return mem;
    }
    memory copy(want, engine);
    c->bytes += want.get_size();
    c->calls.push_back({dnnl::reorder(have, copy), {{DNNL_ARG_FROM, have}, {DNNL_ARG_TO, copy}}});
    converted.emplace_back(id, copy);
    return copy;
  };

  for (size_t i = 0; i < steps_.size(); i++) {
    const NetStep& step = steps_[i];
    memory src_value = c->values.at(step.input);
    if (step.kind == NetStep::Kind::kConv) {
      ConvGeometry g = step.conv;
      g.n = n;
      dnnl::post_ops ops;
      if (step.residual >= 0) ops.append_sum(1.0f);
      if (step.activation == Activation::kRelu) {
        ops.append_eltwise(1.0f, algorithm::eltwise_relu, 0.0f, 0.0f);
      } else if (step.activation == Activation::kRelu6) {
        ops.append_eltwise(1.0f, algorithm::eltwise_clip, 0.0f, 6.0f);
      }
      dnnl::primitive_attr attr;
      attr.set_post_ops(ops);
      memory::desc bias_desc({g.co}, dt::f32, tag::x);
      auto pd = choose_conv(g, conv_end_padding(g), !step.bias.empty(), attr,
                            c->values.at(step.input).get_desc(), winograd_);
      memory src = as(step.input, pd.src_desc());
      // Filters: HWIO in, reordered once into the layout this primitive wants.
      memory user_weights(memory::desc({g.co, g.ci, g.kh, g.kw}, dt::f32, tag::hwio), engine,
                          const_cast<float*>(step.filter.data()));
      memory weights(pd.weights_desc(), engine);
      c->bytes += pd.weights_desc().get_size();
      dnnl::reorder(user_weights, weights).execute(cpu_stream(), user_weights, weights);
      cpu_stream().wait();
      c->weights.push_back(weights);
      memory dst;
      if (step.residual >= 0) {
        memory shortcut = c->values.at(step.residual);
        bool last = last_read.at(step.residual) == i && step.residual != step.input;
        // A copy already made in the output's layout (for an earlier reader) serves as well.
        for (auto& [cid, mem] : converted) {
          if (cid == step.residual && mem.get_desc() == pd.dst_desc()) shortcut = mem;
        }
        if (shortcut.get_desc() == pd.dst_desc() && last) {
          dst = shortcut;  // sum in place: nothing reads the shortcut after this step
        } else {
          dst = memory(pd.dst_desc(), engine);
          c->bytes += pd.dst_desc().get_size();
          c->calls.push_back(
              {dnnl::reorder(shortcut, dst), {{DNNL_ARG_FROM, shortcut}, {DNNL_ARG_TO, dst}}});
        }
      } else {
        dst = memory(pd.dst_desc(), engine);
        c->bytes += pd.dst_desc().get_size();
      }
      std::unordered_map<int, memory> args{
          {DNNL_ARG_SRC, src}, {DNNL_ARG_WEIGHTS, weights}, {DNNL_ARG_DST, dst}};
      if (!step.bias.empty()) {
        args.emplace(DNNL_ARG_BIAS,
                     memory(bias_desc, engine, const_cast<float*>(step.bias.data())));
      }
      c->calls.push_back({dnnl::convolution_forward(pd), args});
      c->values[step.output] = dst;
    } else {
      const memory::desc& src_desc = src_value.get_desc();
      memory::dims dims = src_desc.dims();  // n, c, h, w
      int64_t h = dims[2], w = dims[3], channels = dims[1];
      memory::dims strides, kernel, dilation, pad_l, pad_r;
      NetShape out{};
      algorithm kind;
      if (step.kind == NetStep::Kind::kMaxPool) {
        const PoolGeometry& p = step.pool;
        kind = algorithm::pooling_max;  // padding never wins the max
        strides = {p.sh, p.sw};
        kernel = {p.kh, p.kw};
        dilation = {p.dh - 1, p.dw - 1};
        pad_l = {p.pt, p.pl};
        pad_r = {pool_end(h, p.oh, p.kh, p.sh, p.dh, p.pt), pool_end(w, p.ow, p.kw, p.sw, p.dw, p.pl)};
        out = {p.oh, p.ow, channels};
      } else {
        // The global mean: one average over the whole plane.
        kind = algorithm::pooling_avg_exclude_padding;
        strides = {1, 1};
        kernel = {h, w};
        dilation = {0, 0};
        pad_l = {0, 0};
        pad_r = {0, 0};
        out = {1, 1, channels};
      }
      dnnl::pooling_v2_forward::desc desc(prop_kind::forward_inference, kind, src_desc,
                                          any_desc(n, out), strides, kernel, dilation, pad_l,
                                          pad_r);
      dnnl::pooling_v2_forward::primitive_desc pd(desc, engine);
      memory src = as(step.input, pd.src_desc());
      memory dst(pd.dst_desc(), engine);
      c->bytes += pd.dst_desc().get_size();
      c->calls.push_back({dnnl::pooling_v2_forward(pd), {{DNNL_ARG_SRC, src}, {DNNL_ARG_DST, dst}}});
      c->values[step.output] = dst;
    }
  }
  c->output = memory(nhwc_desc(n, output_shape_), engine, DNNL_MEMORY_NONE);
  memory last = c->values.at(output_id_);
  c->calls.push_back(
      {dnnl::reorder(last, c->output), {{DNNL_ARG_FROM, last}, {DNNL_ARG_TO, c->output}}});
  bytes_ += c->bytes;
  auto [it, _] = compiled_.emplace(n, std::move(c));
  return *it->second;
}

void InferenceNet::run(int64_t n, const float* x, float* out) {
  if (n < 1) throw std::invalid_argument("batch must be at least 1");
  Compiled& c = compiled_for(n);
  c.input.set_data_handle(const_cast<float*>(x));
  c.output.set_data_handle(out);
  auto& stream = cpu_stream();
  for (auto& call : c.calls) call.primitive.execute(stream, call.args);
  stream.wait();
}

}  // namespace hpa
