#pragma once
// Internal to the LibTorch module: hold OpenBLAS to one thread for a scope (the Token windows
// demo's encoder, windows_demo_net.cpp).
#include <dlfcn.h>

#include <mutex>

namespace assay::core::tokens {

// OpenBLAS (Debian's LibTorch multiplies with it) keeps its own thread pool, which
// at::set_num_threads does not reach; its idle workers spin in sched_yield and cost as much CPU as
// the demo's small products. While the encoder trains or encodes, OpenBLAS gets one thread too
// (found at run time: other BLAS builds have no such call, and then nothing happens).
class BlasOneThread {
public:
    BlasOneThread() {
        static const auto get =
            reinterpret_cast<int (*)()>(dlsym(RTLD_DEFAULT, "openblas_get_num_threads"));
        static const auto set =
            reinterpret_cast<void (*)(int)>(dlsym(RTLD_DEFAULT, "openblas_set_num_threads"));
        std::lock_guard<std::mutex> lock(mutex());
        if (get && set && depth()++ == 0) {
            saved() = get();
            set(1);
        }
        m_set = set;
    }
    ~BlasOneThread() {
        std::lock_guard<std::mutex> lock(mutex());
        if (m_set && --depth() == 0) m_set(saved());
    }
    BlasOneThread(const BlasOneThread&) = delete;
    BlasOneThread& operator=(const BlasOneThread&) = delete;

private:
    static std::mutex& mutex() {
        static std::mutex m;
        return m;
    }
    static int& depth() {
        static int d = 0;
        return d;
    }
    static int& saved() {
        static int n = 1;
        return n;
    }
    void (*m_set)(int) = nullptr;
};

}  // namespace assay::core::tokens
