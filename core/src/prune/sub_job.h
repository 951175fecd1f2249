#pragma once
// Internal to core: step `step` of `steps` of a longer job. Progress inside the step is reported to
// the parent as a share of the whole, and the parent's cancel lands at the step's progress calls.
#include "assay/jobs/job_context.h"

namespace assay::core::prune {

class SubJob final : public JobContext {
public:
    SubJob(JobContext& parent, std::int64_t step, std::int64_t steps)
        : m_parent(parent), m_step(step), m_steps(steps) {}

protected:
    void onProgress(std::int64_t done, std::int64_t total) override {
        const std::int64_t inner = total > 0 ? done * 1000 / total : 0;
        m_parent.progress(m_step * 1000 + inner, m_steps * 1000);
    }
    void onStage(std::string_view name) override { m_parent.stage(name); }

private:
    JobContext& m_parent;
    std::int64_t m_step, m_steps;
};

}  // namespace assay::core::prune
