// Argument readers shared by the bindings (addon.cc, inference_net_binding.cc): each checks a
// JavaScript value and throws a TypeError / RangeError naming it, before any pointer reaches
// oneDNN.
#pragma once
#include <napi.h>

#include <cstdint>
#include <stdexcept>
#include <string>

#include "conv2d.h"

namespace hpa::napi {

constexpr size_t kGeometryFields = 17;

inline ConvGeometry read_geometry(const Napi::Value& value) {
  if (!value.IsArray()) throw Napi::TypeError::New(value.Env(), "geometry must be an array of 17 integers");
  auto array = value.As<Napi::Array>();
  if (array.Length() != kGeometryFields) {
    throw Napi::TypeError::New(value.Env(), "geometry must have 17 entries, got " +
                                                std::to_string(array.Length()));
  }
  int64_t f[kGeometryFields];
  for (uint32_t i = 0; i < kGeometryFields; i++) {
    Napi::Value v = array.Get(i);
    if (!v.IsNumber()) throw Napi::TypeError::New(value.Env(), "geometry[" + std::to_string(i) + "] is not a number");
    f[i] = v.As<Napi::Number>().Int64Value();
    bool may_be_zero = i >= 13;  // padding
    if (f[i] < 0 || (!may_be_zero && f[i] == 0)) {
      throw Napi::RangeError::New(value.Env(), "geometry[" + std::to_string(i) + "] is out of range: " + std::to_string(f[i]));
    }
  }
  return {f[0], f[1], f[2], f[3], f[4], f[5], f[6], f[7], f[8],
          f[9], f[10], f[11], f[12], f[13], f[14], f[15], f[16]};
}

inline float* float_buffer(const Napi::Value& value, size_t needed, const char* name) {
  if (!value.IsTypedArray() || value.As<Napi::TypedArray>().TypedArrayType() != napi_float32_array) {
    throw Napi::TypeError::New(value.Env(), std::string(name) + " must be a Float32Array");
  }
  auto array = value.As<Napi::Float32Array>();
  if (array.ElementLength() < needed) {
    throw Napi::RangeError::New(value.Env(), std::string(name) + " holds " + std::to_string(array.ElementLength()) +
                                                 " floats, the shape needs " + std::to_string(needed));
  }
  return array.Data();
}

template <typename F>
inline Napi::Value guarded(const Napi::CallbackInfo& info, F body) {
  try {
    body();
  } catch (const dnnl::error& e) {
    throw Napi::Error::New(info.Env(), std::string("oneDNN: ") + e.what());
  } catch (const std::invalid_argument& e) {
    throw Napi::RangeError::New(info.Env(), e.what());
  }
  return info.Env().Undefined();
}

}  // namespace hpa::napi
