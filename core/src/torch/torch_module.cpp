// Finds and loads libassay_torch.so: first where the package installs it, <bin>/../lib/assay/
// beside the running executable, then in the build tree (tests, build/app/assay).
#include "torch_module.h"

#include <dlfcn.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <mutex>
#include <system_error>
#include <vector>

#include "assay/core/error.h"
#include "assay/core/runtime.h"

namespace assay::core::detail {
namespace {

std::atomic<bool> g_loaded{false};

std::vector<std::filesystem::path> candidates() {
    std::vector<std::filesystem::path> paths;
    std::error_code ec;
    const std::filesystem::path exe = std::filesystem::read_symlink("/proc/self/exe", ec);
    if (!ec)
        paths.push_back((exe.parent_path() / ASSAY_TORCH_MODULE_INSTALL_PATH).lexically_normal());
    paths.emplace_back(ASSAY_TORCH_MODULE_BUILD_PATH);
    return paths;
}

void* loadModule() {
    // OpenMP's idle threads spin by default after each parallel region; on the Pruning engine's
    // many small ATen operations (32 layers × 64 experts, 2 cores) perf put 60 % of the time in
    // libgomp's spin loop, and passive waiting halved the wall time of `assay-run prune` without
    // changing a digit. libgomp reads this once, when LibTorch loads it; a user's setting wins.
    ::setenv("OMP_WAIT_POLICY", "PASSIVE", 0);
    std::string tried;
    for (const std::filesystem::path& p : candidates()) {
        if (!std::filesystem::exists(p)) {
            tried += "\n  " + p.string() + ": not there";
            continue;
        }
        if (void* h = ::dlopen(p.c_str(), RTLD_NOW | RTLD_LOCAL)) {
            using Init = void (*)(int);
            auto init = reinterpret_cast<Init>(::dlsym(h, "assay_torch_init"));
            if (init == nullptr) throw Error(p.string() + ": not Assay's LibTorch module");
            init(computeThreads());
            g_loaded = true;
            return h;
        }
        const char* why = ::dlerror();
        tried += "\n  " + p.string() + ": " + (why ? why : "cannot be loaded");
    }
    throw Error("cannot load Assay's LibTorch module (libassay_torch.so), needed for this step:" +
                tried);
}

}  // namespace

void* torchSymbol(const char* name) {
    static std::mutex mutex;
    static void* handle = nullptr;
    const std::lock_guard<std::mutex> lock(mutex);
    if (handle == nullptr) handle = loadModule();  // a failure is retried by the next caller
    void* sym = ::dlsym(handle, name);
    if (sym == nullptr) throw Error(std::string("Assay's LibTorch module lacks ") + name);
    return sym;
}

bool torchLoaded() { return g_loaded.load(); }

}  // namespace assay::core::detail
