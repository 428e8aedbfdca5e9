// The memory-bound kernels that dominate a wasm training step once convolutions run on
// oneDNN: batch-norm, ReLU, the max-pool gradient and Adam. Each is one or two passes over
// NHWC memory, parallel over rows with OpenMP (the same runtime oneDNN uses here), in place of
// tfjs's chains of single-threaded elementwise kernels (Adam alone is ~12 of them per weight).
#include "training_ops.h"

#include <omp.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

namespace hpa {

// Below this many floats a loop runs on the calling thread: waking the OpenMP team costs more
// than the pass (Adam alone is 38 calls a step, most on a few hundred floats), and on a busy
// machine a parallel region waits for a descheduled thread's time slice.
constexpr int64_t kParallelMin = 1 << 15;

void batch_norm_inference(int64_t rows, int64_t channels, const float* x, const float* mean,
                          const float* variance, const float* offset, const float* scale,
                          float epsilon, bool relu, float* out) {
  // y = (x - mean) * scale / sqrt(var + eps) + offset, folded into y = x * a + b per channel.
  std::vector<float> a(channels), b(channels);
  for (int64_t c = 0; c < channels; c++) {
    float s = scale != nullptr ? scale[c] : 1.0f;
    float inv = 1.0f / std::sqrt(variance[c] + epsilon);
    a[c] = s * inv;
    b[c] = (offset != nullptr ? offset[c] : 0.0f) - mean[c] * a[c];
  }
  const float* pa = a.data();
  const float* pb = b.data();
#pragma omp parallel for schedule(static) if (rows * channels >= kParallelMin)
  for (int64_t r = 0; r < rows; r++) {
    const float* xr = x + r * channels;
    float* yr = out + r * channels;
    if (relu) {
      // A compare-and-select, not std::fmax: fmax's NaN rules make GCC call libm per element
      // (3x slower than the whole pass without it). NaN stays NaN, as in tfjs's Relu.
      for (int64_t c = 0; c < channels; c++) {
        float v = xr[c] * pa[c] + pb[c];
        yr[c] = v < 0.0f ? 0.0f : v;
      }
    } else {
      for (int64_t c = 0; c < channels; c++) yr[c] = xr[c] * pa[c] + pb[c];
    }
  }
}

void relu(int64_t size, const float* x, float* out) {
#pragma omp parallel for schedule(static) if (size >= kParallelMin)
  for (int64_t i = 0; i < size; i++) out[i] = x[i] > 0.0f ? x[i] : 0.0f;
}

void max_pool(const PoolGeometry& g, const float* x, float* y) {
  const int64_t in_plane = g.h * g.w * g.c;
#pragma omp parallel for collapse(2) schedule(static)
  for (int64_t b = 0; b < g.n; b++) {
    for (int64_t oy = 0; oy < g.oh; oy++) {
      const float* xb = x + b * in_plane;
      float* yrow = y + ((b * g.oh + oy) * g.ow) * g.c;
      for (int64_t ox = 0; ox < g.ow; ox++) {
        float* yc = yrow + ox * g.c;
        for (int64_t c = 0; c < g.c; c++) yc[c] = -std::numeric_limits<float>::infinity();
        // Channels innermost: each window tap is one contiguous max over C floats (SIMD).
        for (int64_t ky = 0; ky < g.kh; ky++) {
          int64_t iy = oy * g.sh + ky * g.dh - g.pt;
          if (iy < 0 || iy >= g.h) continue;
          for (int64_t kx = 0; kx < g.kw; kx++) {
            int64_t ix = ox * g.sw + kx * g.dw - g.pl;
            if (ix < 0 || ix >= g.w) continue;
            const float* xc = xb + (iy * g.w + ix) * g.c;
            for (int64_t c = 0; c < g.c; c++) yc[c] = xc[c] > yc[c] ? xc[c] : yc[c];
          }
        }
      }
    }
  }
}

void max_pool_gradient(const PoolGeometry& g, const float* x, const float* y, const float* dy,
                       float* dx) {
  const int64_t in_plane = g.h * g.w * g.c;
  const int64_t out_plane = g.oh * g.ow * g.c;
#pragma omp parallel
  {
    // `left` is the part of each channel's dy not yet handed to a window tap.
    std::vector<float> peak(g.c), left(g.c);
#pragma omp for schedule(static)
    for (int64_t b = 0; b < g.n; b++) {
      // One image per thread: windows overlap, so two threads must never share an image.
      float* dxb = dx + b * in_plane;
      std::fill(dxb, dxb + in_plane, 0.0f);
      const float* xb = x + b * in_plane;
      const float* yb = y != nullptr ? y + b * out_plane : nullptr;
      const float* dyb = dy + b * out_plane;
      for (int64_t oy = 0; oy < g.oh; oy++) {
        for (int64_t ox = 0; ox < g.ow; ox++) {
          const int64_t out_at = (oy * g.ow + ox) * g.c;
          const int64_t y0 = oy * g.sh - g.pt, x0 = ox * g.sw - g.pl;
          // The window's maximum: the forward output when the caller has it, else recomputed.
          if (yb != nullptr) {
            std::copy(yb + out_at, yb + out_at + g.c, peak.begin());
          } else {
            std::fill(peak.begin(), peak.end(), -std::numeric_limits<float>::infinity());
            for (int64_t ky = 0; ky < g.kh; ky++) {
              int64_t iy = y0 + ky * g.dh;
              if (iy < 0 || iy >= g.h) continue;
              for (int64_t kx = 0; kx < g.kw; kx++) {
                int64_t ix = x0 + kx * g.dw;
                if (ix < 0 || ix >= g.w) continue;
                const float* xc = xb + (iy * g.w + ix) * g.c;
                for (int64_t c = 0; c < g.c; c++) peak[c] = xc[c] > peak[c] ? xc[c] : peak[c];
              }
            }
          }
          std::copy(dyb + out_at, dyb + out_at + g.c, left.begin());
          // The first tap (row by row) equal to the maximum takes the whole gradient, as in
          // TensorFlow. Branch-free over channels (select, not a per-channel argmax index), so
          // the compiler vectorizes it: the old argmax loop was 7.5 ms of a 128 px step.
          for (int64_t ky = 0; ky < g.kh; ky++) {
            int64_t iy = y0 + ky * g.dh;
            if (iy < 0 || iy >= g.h) continue;
            for (int64_t kx = 0; kx < g.kw; kx++) {
              int64_t ix = x0 + kx * g.dw;
              if (ix < 0 || ix >= g.w) continue;
              const int64_t at = (iy * g.w + ix) * g.c;
              const float* xc = xb + at;
              float* dxc = dxb + at;
              const float* pk = peak.data();
              float* lf = left.data();
#pragma omp simd
              for (int64_t c = 0; c < g.c; c++) {
                // Every operand loaded unconditionally, so the selects become blends.
                float rest = lf[c], current = dxc[c];
                bool hit = xc[c] == pk[c];
                dxc[c] = current + (hit ? rest : 0.0f);
                lf[c] = hit ? 0.0f : rest;
              }
            }
          }
        }
      }
    }
  }
}

void relu_gradient(int64_t size, const float* dy, const float* x, float* dx) {
  // tfjs's Relu gradient is dy * cast(step(x)): three kernels and two temporaries on wasm.
  // The same product here (so NaN and infinity propagate as there), branch-free: a select
  // with a conditional load is not vectorized and mispredicts on every other element.
#pragma omp parallel for simd schedule(static) if (size >= kParallelMin)
  for (int64_t i = 0; i < size; i++) dx[i] = dy[i] * static_cast<float>(x[i] > 0.0f);
}

void adam_update(int64_t size, const float* value, const float* m, const float* v,
                 const float* gradient, const AdamStep& s, float* new_value, float* new_m,
                 float* new_v) {
  // tfjs's AdamOptimizer, term for term, in one pass instead of a dozen.
#pragma omp parallel for schedule(static) if (size >= kParallelMin)
  for (int64_t i = 0; i < size; i++) {
    float g = gradient[i];
    float mi = m[i] * s.beta1 + g * (1.0f - s.beta1);
    float vi = v[i] * s.beta2 + (g * g) * (1.0f - s.beta2);
    float m_hat = mi / s.one_minus_acc_beta1;
    float v_hat = vi / s.one_minus_acc_beta2;
    new_m[i] = mi;
    new_v[i] = vi;
    new_value[i] = (m_hat / (std::sqrt(v_hat) + s.epsilon)) * -s.learning_rate + value[i];
  }
}

}  // namespace hpa

namespace hpa {

void batch_norm_training(int64_t rows, int64_t channels, const float* x, const float* scale,
                         const float* offset, float epsilon, bool relu, float* out, float* mean,
                         float* variance) {
  // Two-pass moments in double (as tf.moments: mean, then the mean squared deviation), then
  // the normalization. Each thread sums its rows; the partial sums are added in thread order,
  // so a run is repeatable for a fixed thread count.
  const int threads = omp_get_max_threads();
  std::vector<double> partial(static_cast<size_t>(threads) * channels);
  auto reduce = [&](auto term, float* result) {
    std::fill(partial.begin(), partial.end(), 0.0);
#pragma omp parallel num_threads(threads) if (rows * channels >= kParallelMin)
    {
      double* acc = partial.data() + static_cast<int64_t>(omp_get_thread_num()) * channels;
#pragma omp for schedule(static)
      for (int64_t r = 0; r < rows; r++) {
        const float* xr = x + r * channels;
        for (int64_t c = 0; c < channels; c++) acc[c] += term(xr[c], c);
      }
    }
    for (int64_t c = 0; c < channels; c++) {
      double sum = 0;
      for (int t = 0; t < threads; t++) sum += partial[static_cast<size_t>(t) * channels + c];
      result[c] = static_cast<float>(sum / static_cast<double>(rows));
    }
  };
  reduce([](float v, int64_t) { return static_cast<double>(v); }, mean);
  reduce(
      [mean](float v, int64_t c) {
        double d = static_cast<double>(v) - mean[c];
        return d * d;
      },
      variance);
  batch_norm_inference(rows, channels, x, mean, variance, offset, scale, epsilon, relu, out);
}

namespace {

// The upstream gradient as batch-norm sees it: dy, or with a ReLU fused after the batch-norm,
// dy where the (fused) output y is positive, as ReLU's own gradient dy * step(y) would pass.
template <bool kRelu>
inline float upstream(const float* dy, const float* y, int64_t i) {
  if constexpr (kRelu) {
    return dy[i] * static_cast<float>(y[i] > 0.0f);
  } else {
    return dy[i];
  }
}

template <bool kRelu>
void batch_norm_gradient_passes(int64_t rows, int64_t channels, const float* dy, const float* y,
                                const float* x, const float* scale, const float* mean,
                                const float* variance, float epsilon, float* dx, float* dscale,
                                float* doffset) {
  // With xhat = (x - mean) / sqrt(var + eps) and mean, var taken over the batch:
  //   doffset = sum(dy), dscale = sum(dy * xhat),
  //   dx = scale / sqrt(var + eps) * (dy - doffset / N - xhat * dscale / N).
  const int threads = omp_get_max_threads();
  std::vector<double> partial(static_cast<size_t>(threads) * channels * 2, 0.0);
  std::vector<float> inv(channels);
  for (int64_t c = 0; c < channels; c++) inv[c] = 1.0f / std::sqrt(variance[c] + epsilon);
  const float* pinv = inv.data();
#pragma omp parallel num_threads(threads) if (rows * channels >= kParallelMin)
  {
    double* sum_dy = partial.data() + static_cast<int64_t>(omp_get_thread_num()) * channels * 2;
    double* sum_dy_xhat = sum_dy + channels;
#pragma omp for schedule(static)
    for (int64_t r = 0; r < rows; r++) {
      const float* xr = x + r * channels;
      const float* dyr = dy + r * channels;
      const float* yr = kRelu ? y + r * channels : nullptr;
      for (int64_t c = 0; c < channels; c++) {
        float g = upstream<kRelu>(dyr, yr, c);
        sum_dy[c] += g;
        sum_dy_xhat[c] += static_cast<double>(g) * ((xr[c] - mean[c]) * pinv[c]);
      }
    }
  }
  std::vector<float> a(channels), b(channels), k(channels);
  for (int64_t c = 0; c < channels; c++) {
    double s_dy = 0, s_dy_xhat = 0;
    for (int t = 0; t < threads; t++) {
      s_dy += partial[static_cast<size_t>(t) * channels * 2 + c];
      s_dy_xhat += partial[static_cast<size_t>(t) * channels * 2 + channels + c];
    }
    doffset[c] = static_cast<float>(s_dy);
    dscale[c] = static_cast<float>(s_dy_xhat);
    float s = scale != nullptr ? scale[c] : 1.0f;
    // dx = k * dy + a * (x - mean) + b, per channel.
    k[c] = s * pinv[c];
    a[c] = static_cast<float>(-k[c] * pinv[c] * s_dy_xhat / static_cast<double>(rows));
    b[c] = static_cast<float>(-k[c] * s_dy / static_cast<double>(rows));
  }
  const float *pa = a.data(), *pb = b.data(), *pk = k.data();
#pragma omp parallel for schedule(static) if (rows * channels >= kParallelMin)
  for (int64_t r = 0; r < rows; r++) {
    const float* xr = x + r * channels;
    const float* dyr = dy + r * channels;
    const float* yr = kRelu ? y + r * channels : nullptr;
    float* dxr = dx + r * channels;
    for (int64_t c = 0; c < channels; c++) {
      dxr[c] = pk[c] * upstream<kRelu>(dyr, yr, c) + pa[c] * (xr[c] - mean[c]) + pb[c];
    }
  }
}

}  // namespace

void batch_norm_training_gradient(int64_t rows, int64_t channels, const float* dy,
                                  const float* relu_out, const float* x, const float* scale,
                                  const float* mean, const float* variance, float epsilon,
                                  float* dx, float* dscale, float* doffset) {
  if (relu_out != nullptr) {
    batch_norm_gradient_passes<true>(rows, channels, dy, relu_out, x, scale, mean, variance,
                                     epsilon, dx, dscale, doffset);
  } else {
    batch_norm_gradient_passes<false>(rows, channels, dy, nullptr, x, scale, mean, variance,
                                      epsilon, dx, dscale, doffset);
  }
}

}  // namespace hpa
