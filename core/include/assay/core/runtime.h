#pragma once
// Process-wide compute set-up: thread count and the one Device choice (DESIGN.md).
#include <string>

namespace assay::core {

enum class DeviceKind { Cpu, Cuda };

struct DeviceInfo {
    DeviceKind kind = DeviceKind::Cpu;
    std::string name;  // "CPU (2 threads)" or "CUDA: NVIDIA H100 80GB HBM3"
    int threads = 1;   // LibTorch intra-op threads (and Assay's own CPU workers)
};

struct RuntimeVersions {
    std::string assay;
    std::string libtorch;
    bool torchHasCuda = false;     // LibTorch was built with CUDA
    bool kernelsCompiled = false;  // Assay's CUDA kernels are linked in
};

// Call once at start-up (the executables do; tests may). Sets LibTorch's thread count to the
// available cores (ASSAY_THREADS overrides) and picks the device: CUDA when LibTorch has it and a
// GPU is present, else CPU; ASSAY_DEVICE=cpu|cuda forces it. Throws ParameterError for
// ASSAY_DEVICE=cuda without a usable GPU, or for a malformed ASSAY_THREADS.
// Idempotent: later calls return the first result.
const DeviceInfo& initRuntime();

// The device chosen by initRuntime() (which it calls if needed).
const DeviceInfo& currentDevice();

// Worker threads for Assay's own CPU loops (same number LibTorch uses).
int computeThreads();

RuntimeVersions runtimeVersions();

}  // namespace assay::core
