#pragma once
// The processes of one run started by `mpirun`/`srun` (assay-run <command> --mpi): each rank
// reads its own rows and the partial sums are added across ranks, so every rank ends with the
// sums the single-process run computes. Built with -DASSAY_MPI=ON this is MPI (Debian's
// OpenMPI); without it there is one process, and asking for MPI is a ParameterError that says
// how to build it.
#include <cstdint>
#include <vector>

namespace assay::core {

class Collective {
public:
    // Starts MPI on the first call (MPI_Init; MPI_Finalize at exit). ParameterError("--mpi")
    // when this build has no MPI.
    static Collective& world();
    static bool available();  // this build has MPI

    int rank() const { return rank_; }
    int size() const { return size_; }

    // Element-wise sums over all ranks, in place on every rank (MPI_Allreduce). Every rank must
    // call with the same length; integer sums are exact, double sums are added in the order MPI
    // picks (the same for the same ranks and lengths).
    void sumInPlace(std::vector<std::int64_t>& values) const;
    void sumInPlace(std::vector<double>& values) const;
    // Several vectors (every layer's counts, say) summed in one allreduce per type.
    void sumInPlace(const std::vector<std::vector<std::int64_t>*>& parts) const;
    void sumInPlace(const std::vector<std::vector<double>*>& parts) const;

    // Ends every rank at once with `code` (MPI_Abort): a rank that failed must not leave the
    // others waiting in a sum it will never join.
    [[noreturn]] void abort(int code) const;

    Collective(const Collective&) = delete;
    Collective& operator=(const Collective&) = delete;

private:
    Collective();
    ~Collective();
    int rank_ = 0;
    int size_ = 1;
};

}  // namespace assay::core
