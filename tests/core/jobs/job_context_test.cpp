#include "assay/jobs/job_context.h"

#include <gtest/gtest.h>

#include <vector>

namespace assay::core {
namespace {

class RecordingContext : public JobContext {
public:
    std::vector<std::pair<std::int64_t, std::int64_t>> calls;
    std::vector<std::string> stages;

protected:
    void onProgress(std::int64_t done, std::int64_t total) override {
        calls.emplace_back(done, total);
    }
    void onStage(std::string_view name) override { stages.emplace_back(name); }
};

TEST(JobContext, ProgressForwardsUntilCancelledThenThrows) {
    RecordingContext ctx;
    ctx.stage("sorting");
    ctx.progress(1, 10);
    ctx.progress(2, 10);
    ctx.cancel();
    EXPECT_THROW(ctx.progress(3, 10), JobCancelled);
    ASSERT_EQ(ctx.calls.size(), 2u);  // the cancelled call never reaches the listener
    EXPECT_EQ(ctx.calls[1].first, 2);
    EXPECT_EQ(ctx.stages, std::vector<std::string>{"sorting"});
}

TEST(JobContext, NoneIsNeverCancelled) {
    EXPECT_FALSE(JobContext::none().isCancelled());
    EXPECT_NO_THROW(JobContext::none().progress(5, 5));
}

TEST(JobContext, CancelIsNotAnAssayError) {
    // Handlers that catch bad input (assay::core::Error) must not swallow a cancel.
    JobCancelled c;
    EXPECT_EQ(dynamic_cast<std::runtime_error*>(static_cast<std::exception*>(&c)), nullptr);
}

}  // namespace
}  // namespace assay::core
