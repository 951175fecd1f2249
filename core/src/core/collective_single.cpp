// Collective without MPI (the default build): `--mpi` is refused with how to get it.
#include <cstdlib>

#include "assay/core/collective.h"
#include "assay/core/error.h"

namespace assay::core {

bool Collective::available() { return false; }

Collective& Collective::world() {
    throw ParameterError("--mpi",
                         "this assay-run was built without MPI: configure with -DASSAY_MPI=ON "
                         "(Debian: libopenmpi-dev) to run under mpirun or srun");
}

Collective::Collective() = default;
Collective::~Collective() = default;
void Collective::sumInPlace(std::vector<std::int64_t>&) const {}
void Collective::sumInPlace(std::vector<double>&) const {}
void Collective::sumInPlace(const std::vector<std::vector<std::int64_t>*>&) const {}
void Collective::sumInPlace(const std::vector<std::vector<double>*>&) const {}
void Collective::abort(int code) const { std::exit(code); }

}  // namespace assay::core
