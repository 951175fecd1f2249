#include "assay/jobs/job_context.h"

namespace assay::core {

void JobContext::progress(std::int64_t done, std::int64_t total) {
    throwIfCancelled();
    onProgress(done, total);
}

void JobContext::throwIfCancelled() const {
    if (isCancelled()) throw JobCancelled();
}

JobContext& JobContext::none() {
    // Never cancelled: nobody holds a reference that could call cancel() on purpose.
    static JobContext context;
    return context;
}

}  // namespace assay::core
