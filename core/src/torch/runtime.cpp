// The process's compute set-up. With LibTorch on demand (a CPU-only LibTorch, see
// core/CMakeLists.txt) nothing here calls LibTorch: the device is the CPU by construction (no
// CUDA kernels), and LibTorch's thread count is set when its module is loaded.
#include "assay/core/runtime.h"

#ifndef ASSAY_TORCH_ON_DEMAND
#include <ATen/Context.h>
#include <ATen/Parallel.h>
#endif
#include <torch/version.h>  // macros only

#include <cstdlib>
#include <mutex>
#include <string>
#include <thread>

#include "assay/core/error.h"
#include "assay/core/version.h"
#include "cuda/kernels_available.h"

namespace assay::core {
namespace {

// Whether LibTorch has CUDA and a GPU is present. On demand, LibTorch is CPU-only or Assay has no
// kernels for it (then the answer changes nothing: CPU either way), so it is not loaded to ask.
bool torchHasCuda() {
#ifdef ASSAY_TORCH_ON_DEMAND
#ifdef ASSAY_TORCH_HAS_CUDA
    return true;
#else
    return false;
#endif
#else
    return at::hasCUDA();
#endif
}

int threadsFromEnvironment() {
    const char* env = std::getenv("ASSAY_THREADS");
    if (env == nullptr || *env == '\0') {
        const unsigned hw = std::thread::hardware_concurrency();
        return hw == 0 ? 1 : static_cast<int>(hw);
    }
    char* end = nullptr;
    const long n = std::strtol(env, &end, 10);
    if (*end != '\0' || n < 1 || n > 4096)
        throw ParameterError("ASSAY_THREADS",
                             std::string("'") + env + "' is not a thread count (expected 1..4096)");
    return static_cast<int>(n);
}

DeviceInfo chooseDevice(int threads) {
    const char* env = std::getenv("ASSAY_DEVICE");
    const std::string wanted = env ? env : "";
    if (!wanted.empty() && wanted != "cpu" && wanted != "cuda")
        throw ParameterError("ASSAY_DEVICE",
                             "'" + wanted + "' is not a device (expected cpu or cuda)");
    const bool cudaUsable = kernelsAvailable() && torchHasCuda();
    DeviceInfo info;
    info.threads = threads;
    if (wanted == "cuda" && !cudaUsable)
        throw ParameterError(
            "ASSAY_DEVICE",
            torchHasCuda() ? "cuda was asked for, but Assay was built without its CUDA kernels"
                           : "cuda was asked for, but LibTorch has no CUDA or no GPU is present");
    if (cudaUsable && wanted != "cpu") {
        info.kind = DeviceKind::Cuda;
        info.name = "CUDA: " + cudaDeviceName();
    } else {
        info.kind = DeviceKind::Cpu;
        info.name = "CPU (" + std::to_string(threads) + (threads == 1 ? " thread)" : " threads)");
    }
    return info;
}

}  // namespace

const DeviceInfo& initRuntime() {
    static std::once_flag once;
    static DeviceInfo info;
    std::call_once(once, [] {
        const int threads = threadsFromEnvironment();
#ifndef ASSAY_TORCH_ON_DEMAND
        at::set_num_threads(threads);
#endif
        info = chooseDevice(threads);
    });
    return info;
}

const DeviceInfo& currentDevice() { return initRuntime(); }

int computeThreads() { return initRuntime().threads; }

RuntimeVersions runtimeVersions() {
    RuntimeVersions v;
    v.assay = kVersion;
    v.libtorch = std::to_string(TORCH_VERSION_MAJOR) + "." + std::to_string(TORCH_VERSION_MINOR) +
                 "." + std::to_string(TORCH_VERSION_PATCH);
    v.torchHasCuda = torchHasCuda();
    v.kernelsCompiled = kernelsAvailable();
    return v;
}

}  // namespace assay::core
