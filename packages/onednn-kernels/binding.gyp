{
  "targets": [
    {
      "target_name": "onednn_kernels",
      "sources": [
        "native/addon.cc",
        "native/conv2d.cc",
        "native/inference_net.cc",
        "native/inference_net_binding.cc",
        "native/training_ops.cc"
      ],
      "include_dirs": ["<!(node -p \"require('node-addon-api').include_dir\")"],
      "defines": ["NAPI_VERSION=8", "NAPI_CPP_EXCEPTIONS"],
      "cflags_cc!": ["-fno-exceptions", "-fno-rtti"],
      "cflags_cc": ["-std=c++17", "-O3", "-fexceptions", "-fopenmp", "-fno-trapping-math"],
      "libraries": ["-ldnnl", "-fopenmp"]
    }
  ]
}
