// inferenceNetCreate(spec) -> handle, inferenceNetRun(handle, batch, x, out): a network read
// once from a plain object (the shape is in src/index.ts) and run per batch. Every field is
// checked here, and the chaining of the steps in InferenceNet's constructor, so a malformed
// spec is refused with a message naming the step and field before oneDNN sees it.
#include "inference_net_binding.h"

#include <string>
#include <vector>

#include "inference_net.h"
#include "napi_args.h"

namespace hpa {
namespace {

using napi::float_buffer;
using napi::guarded;

Napi::Value field(const Napi::Object& object, const char* name, const std::string& context) {
  if (!object.Has(name)) {
    throw Napi::TypeError::New(object.Env(), context + name + " is missing");
  }
  return object.Get(name);
}

int64_t read_int(const Napi::Value& value, const std::string& name, int64_t min) {
  if (!value.IsNumber()) throw Napi::TypeError::New(value.Env(), name + " must be a number");
  int64_t v = value.As<Napi::Number>().Int64Value();
  if (v < min) {
    throw Napi::RangeError::New(value.Env(), name + " must be at least " + std::to_string(min) +
                                                 ", got " + std::to_string(v));
  }
  return v;
}

std::vector<int64_t> read_ints(const Napi::Value& value, size_t count, const std::string& name) {
  if (!value.IsArray() || value.As<Napi::Array>().Length() != count) {
    throw Napi::TypeError::New(value.Env(),
                               name + " must be an array of " + std::to_string(count) + " integers");
  }
  auto array = value.As<Napi::Array>();
  std::vector<int64_t> out(count);
  for (uint32_t i = 0; i < count; i++) out[i] = read_int(array.Get(i), name + "[" + std::to_string(i) + "]", 0);
  return out;
}

std::vector<float> copy_floats(const Napi::Value& value, const std::string& name) {
  if (!value.IsTypedArray() || value.As<Napi::TypedArray>().TypedArrayType() != napi_float32_array) {
    throw Napi::TypeError::New(value.Env(), name + " must be a Float32Array");
  }
  auto array = value.As<Napi::Float32Array>();
  return std::vector<float>(array.Data(), array.Data() + array.ElementLength());
}

NetStep read_step(const Napi::Value& value, uint32_t index) {
  std::string context = "steps[" + std::to_string(index) + "].";
  if (!value.IsObject()) throw Napi::TypeError::New(value.Env(), "steps[" + std::to_string(index) + "] must be an object");
  auto object = value.As<Napi::Object>();
  NetStep step;
  std::string kind = field(object, "kind", context).ToString().Utf8Value();
  step.input = static_cast<int>(read_int(field(object, "input", context), context + "input", 0));
  step.output = static_cast<int>(read_int(field(object, "output", context), context + "output", 0));
  if (kind == "conv") {
    step.kind = NetStep::Kind::kConv;
    step.conv = napi::read_geometry(field(object, "geometry", context));
    step.filter = copy_floats(field(object, "filter", context), context + "filter");
    Napi::Value bias = object.Get("bias");
    if (!bias.IsNull() && !bias.IsUndefined()) step.bias = copy_floats(bias, context + "bias");
    int64_t code = read_int(field(object, "activation", context), context + "activation", 0);
    if (code > 2) {
      throw Napi::RangeError::New(value.Env(), context + "activation must be 0 (linear), 1 (relu) or 2 (relu6)");
    }
    step.activation = static_cast<Activation>(code);
    Napi::Value residual = object.Get("residual");
    if (!residual.IsNull() && !residual.IsUndefined()) {
      step.residual = static_cast<int>(read_int(residual, context + "residual", 0));
    }
  } else if (kind == "maxPool") {
    step.kind = NetStep::Kind::kMaxPool;
    // n, h, w, c, oh, ow, kh, kw, sh, sw, dh, dw, pt, pl (maxPool's geometry)
    auto p = read_ints(field(object, "geometry", context), 14, context + "geometry");
    for (size_t i = 1; i < 12; i++) {
      if (p[i] == 0) throw Napi::RangeError::New(value.Env(), context + "geometry[" + std::to_string(i) + "] is 0");
    }
    step.pool = {p[0], p[1], p[2], p[3], p[4], p[5], p[6], p[7], p[8], p[9], p[10], p[11], p[12], p[13]};
  } else if (kind == "mean") {
    step.kind = NetStep::Kind::kMean;
  } else {
    throw Napi::TypeError::New(value.Env(), context + "kind must be conv, maxPool or mean, got " + kind);
  }
  return step;
}

Napi::Value Create(const Napi::CallbackInfo& info) {
  if (!info[0].IsObject()) throw Napi::TypeError::New(info.Env(), "the network must be an object");
  auto spec = info[0].As<Napi::Object>();
  int input = static_cast<int>(read_int(field(spec, "input", ""), "input", 0));
  int output = static_cast<int>(read_int(field(spec, "output", ""), "output", 0));
  auto shape = read_ints(field(spec, "inputShape", ""), 3, "inputShape");
  Napi::Value steps_value = field(spec, "steps", "");
  if (!steps_value.IsArray()) throw Napi::TypeError::New(info.Env(), "steps must be an array");
  auto steps_array = steps_value.As<Napi::Array>();
  std::vector<NetStep> steps;
  for (uint32_t i = 0; i < steps_array.Length(); i++) steps.push_back(read_step(steps_array.Get(i), i));
  Napi::Value winograd = spec.Get("winograd");
  if (!winograd.IsUndefined() && !winograd.IsBoolean()) {
    throw Napi::TypeError::New(info.Env(), "winograd must be a boolean");
  }
  bool use_winograd = winograd.IsUndefined() || winograd.As<Napi::Boolean>().Value();
  InferenceNet* net = nullptr;
  guarded(info, [&] {
    net = new InferenceNet(input, {shape[0], shape[1], shape[2]}, output, std::move(steps),
                           use_winograd);
  });
  return Napi::External<InferenceNet>::New(info.Env(), net, [](Napi::Env env, InferenceNet* n) {
    Napi::MemoryManagement::AdjustExternalMemory(env, -static_cast<int64_t>(n->bytes()));
    delete n;
  });
}

InferenceNet* read_net(const Napi::Value& value) {
  if (!value.IsExternal()) throw Napi::TypeError::New(value.Env(), "net must come from inferenceNetCreate");
  return value.As<Napi::External<InferenceNet>>().Data();
}

Napi::Value ToArray(Napi::Env env, const NetShape& s) {
  auto array = Napi::Array::New(env, 3);
  array.Set(0u, Napi::Number::New(env, static_cast<double>(s.h)));
  array.Set(1u, Napi::Number::New(env, static_cast<double>(s.w)));
  array.Set(2u, Napi::Number::New(env, static_cast<double>(s.c)));
  return array;
}

// inferenceNetShapes(net) -> { input: [h, w, c], output: [h, w, c] } (per image)
Napi::Value Shapes(const Napi::CallbackInfo& info) {
  InferenceNet* net = read_net(info[0]);
  auto result = Napi::Object::New(info.Env());
  result.Set("input", ToArray(info.Env(), net->input_shape()));
  result.Set("output", ToArray(info.Env(), net->output_shape()));
  return result;
}

// inferenceNetRun(net, batch, x (NHWC), out (NHWC))
Napi::Value Run(const Napi::CallbackInfo& info) {
  InferenceNet* net = read_net(info[0]);
  int64_t batch = read_int(info[1], "batch", 1);
  const float* x = float_buffer(info[2], batch * net->input_shape().size(), "x");
  float* out = float_buffer(info[3], batch * net->output_shape().size(), "out");
  size_t before = net->bytes();
  guarded(info, [&] { net->run(batch, x, out); });
  // The first run with a batch size builds its buffers: tell V8, so that it collects a
  // dropped network (and frees them) as it would a large typed array.
  if (net->bytes() != before) {
    Napi::MemoryManagement::AdjustExternalMemory(info.Env(),
                                                 static_cast<int64_t>(net->bytes() - before));
  }
  return info.Env().Undefined();
}

}  // namespace

void register_inference_net(Napi::Env env, Napi::Object exports) {
  exports.Set("inferenceNetCreate", Napi::Function::New(env, Create));
  exports.Set("inferenceNetShapes", Napi::Function::New(env, Shapes));
  exports.Set("inferenceNetRun", Napi::Function::New(env, Run));
}

}  // namespace hpa
