// Collective over MPI (-DASSAY_MPI=ON). MPI starts when a command first asks for it, so the
// commands that do not use it run without mpirun as before.
// The C API only: OpenMPI's deprecated C++ bindings would come with <mpi.h> otherwise.
#define OMPI_SKIP_MPICXX 1
#define MPICH_SKIP_MPICXX 1
#include <mpi.h>

#include <algorithm>
#include <cstdlib>
#include <limits>
#include <string>

#include "assay/core/collective.h"
#include "assay/core/error.h"

namespace assay::core {
namespace {

void check(int rc, const char* what) {
    if (rc == MPI_SUCCESS) return;
    char text[MPI_MAX_ERROR_STRING];
    int length = 0;
    MPI_Error_string(rc, text, &length);
    throw Error(std::string(what) + ": " + std::string(text, static_cast<std::size_t>(length)));
}

// MPI counts are int: long vectors go in pieces (a 64×64 matrix per layer is far below this).
template <typename T>
void allreduce(std::vector<T>& v, MPI_Datatype type) {
    constexpr std::size_t piece = std::numeric_limits<int>::max() / 2;
    for (std::size_t at = 0; at < v.size(); at += piece) {
        const int n = static_cast<int>(std::min(piece, v.size() - at));
        check(MPI_Allreduce(MPI_IN_PLACE, v.data() + at, n, type, MPI_SUM, MPI_COMM_WORLD),
              "MPI_Allreduce");
    }
}

// The parts end to end, summed at once, copied back: one message, not one per part.
template <typename T>
void allreduceParts(const std::vector<std::vector<T>*>& parts, MPI_Datatype type) {
    std::vector<T> all;
    for (const std::vector<T>* p : parts) all.insert(all.end(), p->begin(), p->end());
    allreduce(all, type);
    auto at = all.begin();
    for (std::vector<T>* p : parts) {
        std::copy(at, at + static_cast<std::ptrdiff_t>(p->size()), p->begin());
        at += static_cast<std::ptrdiff_t>(p->size());
    }
}

}  // namespace

bool Collective::available() { return true; }

Collective& Collective::world() {
    static Collective c;
    return c;
}

Collective::Collective() {
    int started = 0;
    MPI_Initialized(&started);
    // Funnelled: only the main thread calls MPI, while hashing and counting threads run beside.
    int provided = MPI_THREAD_SINGLE;
    if (!started)
        check(MPI_Init_thread(nullptr, nullptr, MPI_THREAD_FUNNELED, &provided), "MPI_Init_thread");
    MPI_Comm_rank(MPI_COMM_WORLD, &rank_);
    MPI_Comm_size(MPI_COMM_WORLD, &size_);
}

Collective::~Collective() {
    int finished = 0;
    MPI_Finalized(&finished);
    if (!finished) MPI_Finalize();
}

void Collective::sumInPlace(std::vector<std::int64_t>& values) const {
    allreduce(values, MPI_INT64_T);
}
void Collective::sumInPlace(std::vector<double>& values) const { allreduce(values, MPI_DOUBLE); }
void Collective::sumInPlace(const std::vector<std::vector<std::int64_t>*>& parts) const {
    allreduceParts(parts, MPI_INT64_T);
}
void Collective::sumInPlace(const std::vector<std::vector<double>*>& parts) const {
    allreduceParts(parts, MPI_DOUBLE);
}

void Collective::abort(int code) const {
    MPI_Abort(MPI_COMM_WORLD, code);
    std::exit(code);  // MPI_Abort does not return; this keeps [[noreturn]] honest
}

}  // namespace assay::core
