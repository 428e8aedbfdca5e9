// Node binding of the oneDNN kernels: plain functions over Float32Arrays (which may be views of
// the tfjs wasm heap, a SharedArrayBuffer), checked before any pointer is handed to oneDNN.
#include <napi.h>
#include <omp.h>

#include <stdexcept>
#include <string>

#include "conv2d.h"
#include "inference_net_binding.h"
#include "napi_args.h"
#include "training_ops.h"

namespace {

using hpa::napi::float_buffer;
using hpa::napi::guarded;
using hpa::napi::read_geometry;

size_t input_size(const hpa::ConvGeometry& g) { return g.n * g.h * g.w * g.ci; }
size_t filter_size(const hpa::ConvGeometry& g) { return g.kh * g.kw * g.ci * g.co; }
size_t output_size(const hpa::ConvGeometry& g) { return g.n * g.oh * g.ow * g.co; }

// conv2dForward(geometry, x, filter, bias | null, activation (0 linear, 1 relu, 2 relu6), out,
//               residual? (added before the activation), prepared? (conv2dPrepareFilter))
Napi::Value Conv2dForward(const Napi::CallbackInfo& info) {
  auto g = read_geometry(info[0]);
  const float* x = float_buffer(info[1], input_size(g), "x");
  const float* w = float_buffer(info[2], filter_size(g), "filter");
  const float* bias = info[3].IsNull() || info[3].IsUndefined() ? nullptr : float_buffer(info[3], g.co, "bias");
  int32_t code = info[4].IsNumber() ? info[4].As<Napi::Number>().Int32Value() : -1;
  if (code < 0 || code > 2) {
    throw Napi::RangeError::New(info.Env(), "activation must be 0 (linear), 1 (relu) or 2 (relu6)");
  }
  float* out = float_buffer(info[5], output_size(g), "out");
  auto activation = static_cast<hpa::Activation>(code);
  const float* residual = info.Length() > 6 && !info[6].IsNull() && !info[6].IsUndefined()
                              ? float_buffer(info[6], output_size(g), "residual")
                              : nullptr;
  const hpa::PreparedFilter* prepared = nullptr;
  if (info.Length() > 7 && !info[7].IsNull() && !info[7].IsUndefined()) {
    if (!info[7].IsExternal()) {
      throw Napi::TypeError::New(info.Env(), "prepared must come from conv2dPrepareFilter");
    }
    prepared = info[7].As<Napi::External<hpa::PreparedFilter>>().Data();
  }
  return guarded(info, [&] {
    hpa::conv2d_forward(g, x, w, bias, activation, residual, prepared, out);
  });
}

// conv2dPrepareFilter(geometry, filter, hasBias, activation, hasResidual): an opaque handle
// for conv2dForward's `prepared`, freed when the handle is garbage-collected.
Napi::Value Conv2dPrepareFilter(const Napi::CallbackInfo& info) {
  auto g = read_geometry(info[0]);
  const float* w = float_buffer(info[1], filter_size(g), "filter");
  bool with_bias = info[2].ToBoolean();
  int32_t code = info[3].IsNumber() ? info[3].As<Napi::Number>().Int32Value() : -1;
  if (code < 0 || code > 2) {
    throw Napi::RangeError::New(info.Env(), "activation must be 0 (linear), 1 (relu) or 2 (relu6)");
  }
  bool accumulate = info[4].ToBoolean();
  hpa::PreparedFilter* prepared = nullptr;
  guarded(info, [&] {
    prepared = hpa::conv2d_prepare_filter(g, w, with_bias, static_cast<hpa::Activation>(code), accumulate);
  });
  return Napi::External<hpa::PreparedFilter>::New(
      info.Env(), prepared, [](Napi::Env, hpa::PreparedFilter* p) { delete p; });
}

// conv2dBackwardData(geometry, dy, filter, dx)
Napi::Value Conv2dBackwardData(const Napi::CallbackInfo& info) {
  auto g = read_geometry(info[0]);
  const float* dy = float_buffer(info[1], output_size(g), "dy");
  const float* w = float_buffer(info[2], filter_size(g), "filter");
  float* dx = float_buffer(info[3], input_size(g), "dx");
  return guarded(info, [&] { hpa::conv2d_backward_data(g, dy, w, dx); });
}

// conv2dBackwardFilter(geometry, x, dy, dw)
Napi::Value Conv2dBackwardFilter(const Napi::CallbackInfo& info) {
  auto g = read_geometry(info[0]);
  const float* x = float_buffer(info[1], input_size(g), "x");
  const float* dy = float_buffer(info[2], output_size(g), "dy");
  float* dw = float_buffer(info[3], filter_size(g), "dw");
  return guarded(info, [&] { hpa::conv2d_backward_weights(g, x, dy, dw); });
}

int64_t read_count(const Napi::Value& value, const char* name) {
  if (!value.IsNumber()) throw Napi::TypeError::New(value.Env(), std::string(name) + " must be a number");
  int64_t n = value.As<Napi::Number>().Int64Value();
  if (n < 1) throw Napi::RangeError::New(value.Env(), std::string(name) + " must be at least 1");
  return n;
}

float read_float(const Napi::Value& value, const char* name) {
  if (!value.IsNumber()) throw Napi::TypeError::New(value.Env(), std::string(name) + " must be a number");
  return value.As<Napi::Number>().FloatValue();
}

const float* optional_buffer(const Napi::Value& value, size_t needed, const char* name) {
  if (value.IsNull() || value.IsUndefined()) return nullptr;
  return float_buffer(value, needed, name);
}

// batchNormInference(rows, channels, x, mean, variance, offset | null, scale | null, epsilon, relu, out)
Napi::Value BatchNormInference(const Napi::CallbackInfo& info) {
  int64_t rows = read_count(info[0], "rows"), channels = read_count(info[1], "channels");
  size_t size = rows * channels;
  const float* x = float_buffer(info[2], size, "x");
  const float* mean = float_buffer(info[3], channels, "mean");
  const float* variance = float_buffer(info[4], channels, "variance");
  const float* offset = optional_buffer(info[5], channels, "offset");
  const float* scale = optional_buffer(info[6], channels, "scale");
  float epsilon = read_float(info[7], "epsilon");
  bool relu = info[8].ToBoolean();
  float* out = float_buffer(info[9], size, "out");
  hpa::batch_norm_inference(rows, channels, x, mean, variance, offset, scale, epsilon, relu, out);
  return info.Env().Undefined();
}

// batchNormTraining(rows, channels, x, scale | null, offset | null, epsilon, out, mean, variance, relu?)
Napi::Value BatchNormTraining(const Napi::CallbackInfo& info) {
  int64_t rows = read_count(info[0], "rows"), channels = read_count(info[1], "channels");
  size_t size = rows * channels;
  const float* x = float_buffer(info[2], size, "x");
  const float* scale = optional_buffer(info[3], channels, "scale");
  const float* offset = optional_buffer(info[4], channels, "offset");
  float epsilon = read_float(info[5], "epsilon");
  float* out = float_buffer(info[6], size, "out");
  float* mean = float_buffer(info[7], channels, "mean");
  float* variance = float_buffer(info[8], channels, "variance");
  bool relu = info.Length() > 9 && info[9].ToBoolean();
  hpa::batch_norm_training(rows, channels, x, scale, offset, epsilon, relu, out, mean, variance);
  return info.Env().Undefined();
}

// batchNormTrainingGradient(rows, channels, dy, x, scale | null, mean, variance, epsilon, dx, dscale, doffset,
//                           reluOutput?)
Napi::Value BatchNormTrainingGradient(const Napi::CallbackInfo& info) {
  int64_t rows = read_count(info[0], "rows"), channels = read_count(info[1], "channels");
  size_t size = rows * channels;
  const float* dy = float_buffer(info[2], size, "dy");
  const float* x = float_buffer(info[3], size, "x");
  const float* scale = optional_buffer(info[4], channels, "scale");
  const float* mean = float_buffer(info[5], channels, "mean");
  const float* variance = float_buffer(info[6], channels, "variance");
  float epsilon = read_float(info[7], "epsilon");
  float* dx = float_buffer(info[8], size, "dx");
  float* dscale = float_buffer(info[9], channels, "dscale");
  float* doffset = float_buffer(info[10], channels, "doffset");
  const float* relu_out = info.Length() > 11 ? optional_buffer(info[11], size, "reluOutput") : nullptr;
  hpa::batch_norm_training_gradient(rows, channels, dy, relu_out, x, scale, mean, variance, epsilon, dx, dscale,
                                    doffset);
  return info.Env().Undefined();
}

// relu(size, x, out)
Napi::Value Relu(const Napi::CallbackInfo& info) {
  int64_t size = read_count(info[0], "size");
  const float* x = float_buffer(info[1], size, "x");
  float* out = float_buffer(info[2], size, "out");
  hpa::relu(size, x, out);
  return info.Env().Undefined();
}

hpa::PoolGeometry read_pool_geometry(const Napi::Value& value) {
  if (!value.IsArray() || value.As<Napi::Array>().Length() != 14) {
    throw Napi::TypeError::New(value.Env(), "pool geometry must be an array of 14 integers");
  }
  auto array = value.As<Napi::Array>();
  int64_t f[14];
  for (uint32_t i = 0; i < 14; i++) {
    Napi::Value v = array.Get(i);
    if (!v.IsNumber()) throw Napi::TypeError::New(value.Env(), "pool geometry[" + std::to_string(i) + "] is not a number");
    f[i] = v.As<Napi::Number>().Int64Value();
    if (f[i] < 0 || (i < 12 && f[i] == 0)) {
      throw Napi::RangeError::New(value.Env(), "pool geometry[" + std::to_string(i) + "] is out of range");
    }
  }
  return {f[0], f[1], f[2], f[3], f[4], f[5], f[6], f[7], f[8], f[9], f[10], f[11], f[12], f[13]};
}

// maxPool([n,h,w,c, oh,ow, kh,kw, sh,sw, dh,dw, pt,pl], x, y)
Napi::Value MaxPool(const Napi::CallbackInfo& info) {
  auto g = read_pool_geometry(info[0]);
  const float* x = float_buffer(info[1], g.n * g.h * g.w * g.c, "x");
  float* y = float_buffer(info[2], g.n * g.oh * g.ow * g.c, "y");
  hpa::max_pool(g, x, y);
  return info.Env().Undefined();
}

// maxPoolGradient([n,h,w,c, oh,ow, kh,kw, sh,sw, dh,dw, pt,pl], x, dy, dx, y?)
Napi::Value MaxPoolGradient(const Napi::CallbackInfo& info) {
  auto g = read_pool_geometry(info[0]);
  const float* x = float_buffer(info[1], g.n * g.h * g.w * g.c, "x");
  const float* dy = float_buffer(info[2], g.n * g.oh * g.ow * g.c, "dy");
  float* dx = float_buffer(info[3], g.n * g.h * g.w * g.c, "dx");
  const float* y = info.Length() > 4 ? optional_buffer(info[4], g.n * g.oh * g.ow * g.c, "y") : nullptr;
  hpa::max_pool_gradient(g, x, y, dy, dx);
  return info.Env().Undefined();
}

// reluGradient(size, dy, x, dx)
Napi::Value ReluGradient(const Napi::CallbackInfo& info) {
  int64_t size = read_count(info[0], "size");
  const float* dy = float_buffer(info[1], size, "dy");
  const float* x = float_buffer(info[2], size, "x");
  float* dx = float_buffer(info[3], size, "dx");
  hpa::relu_gradient(size, dy, x, dx);
  return info.Env().Undefined();
}

// adamUpdate(size, value, m, v, gradient, [lr, beta1, beta2, epsilon, 1-beta1^t, 1-beta2^t], newValue, newM, newV)
Napi::Value AdamUpdate(const Napi::CallbackInfo& info) {
  int64_t size = read_count(info[0], "size");
  const float* value = float_buffer(info[1], size, "value");
  const float* m = float_buffer(info[2], size, "m");
  const float* v = float_buffer(info[3], size, "v");
  const float* gradient = float_buffer(info[4], size, "gradient");
  if (!info[5].IsArray() || info[5].As<Napi::Array>().Length() != 6) {
    throw Napi::TypeError::New(info.Env(), "adam step must be [lr, beta1, beta2, epsilon, 1-beta1^t, 1-beta2^t]");
  }
  auto p = info[5].As<Napi::Array>();
  hpa::AdamStep step{read_float(p.Get(0u), "lr"), read_float(p.Get(1u), "beta1"), read_float(p.Get(2u), "beta2"),
                     read_float(p.Get(3u), "epsilon"), read_float(p.Get(4u), "1-beta1^t"), read_float(p.Get(5u), "1-beta2^t")};
  float* new_value = float_buffer(info[6], size, "newValue");
  float* new_m = float_buffer(info[7], size, "newM");
  float* new_v = float_buffer(info[8], size, "newV");
  hpa::adam_update(size, value, m, v, gradient, step, new_value, new_m, new_v);
  return info.Env().Undefined();
}

Napi::Value Info(const Napi::CallbackInfo& info) {
  auto env = info.Env();
  auto result = Napi::Object::New(env);
  const dnnl_version_t* v = dnnl_version();
  result.Set("version", std::to_string(v->major) + "." + std::to_string(v->minor) + "." + std::to_string(v->patch));
  result.Set("threads", omp_get_max_threads());
  result.Set("bf16", hpa::cpu_has_bf16());
  result.Set("convPrecision",
             hpa::conv_precision() == hpa::Precision::kBf16 ? "bfloat16" : "float32");
  return result;
}

// setConvPrecision('float32' | 'bfloat16'): what the convolution calls that follow compute in.
Napi::Value SetConvPrecision(const Napi::CallbackInfo& info) {
  std::string name = info[0].IsString() ? info[0].As<Napi::String>().Utf8Value() : "";
  if (name != "float32" && name != "bfloat16") {
    throw Napi::TypeError::New(info.Env(), "precision must be 'float32' or 'bfloat16'");
  }
  return guarded(info, [&] {
    hpa::set_conv_precision(name == "bfloat16" ? hpa::Precision::kBf16 : hpa::Precision::kF32);
  });
}

Napi::Value SetThreads(const Napi::CallbackInfo& info) {
  int threads = info[0].As<Napi::Number>().Int32Value();
  if (threads < 1) throw Napi::RangeError::New(info.Env(), "threads must be at least 1");
  omp_set_num_threads(threads);
  return info.Env().Undefined();
}

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  exports.Set("conv2dForward", Napi::Function::New(env, Conv2dForward));
  exports.Set("conv2dPrepareFilter", Napi::Function::New(env, Conv2dPrepareFilter));
  exports.Set("conv2dBackwardData", Napi::Function::New(env, Conv2dBackwardData));
  exports.Set("conv2dBackwardFilter", Napi::Function::New(env, Conv2dBackwardFilter));
  exports.Set("batchNormInference", Napi::Function::New(env, BatchNormInference));
  exports.Set("batchNormTraining", Napi::Function::New(env, BatchNormTraining));
  exports.Set("batchNormTrainingGradient", Napi::Function::New(env, BatchNormTrainingGradient));
  exports.Set("relu", Napi::Function::New(env, Relu));
  exports.Set("maxPool", Napi::Function::New(env, MaxPool));
  exports.Set("maxPoolGradient", Napi::Function::New(env, MaxPoolGradient));
  exports.Set("reluGradient", Napi::Function::New(env, ReluGradient));
  exports.Set("adamUpdate", Napi::Function::New(env, AdamUpdate));
  exports.Set("info", Napi::Function::New(env, Info));
  exports.Set("setThreads", Napi::Function::New(env, SetThreads));
  exports.Set("setConvPrecision", Napi::Function::New(env, SetConvPrecision));
  hpa::register_inference_net(env, exports);
  return exports;
}

}  // namespace

NODE_API_MODULE(onednn_kernels, Init)
