// The JavaScript side of InferenceNet (inferenceNetCreate, inferenceNetRun); see
// inference_net_binding.cc.
#pragma once
#include <napi.h>

namespace hpa {

void register_inference_net(Napi::Env env, Napi::Object exports);

}  // namespace hpa
