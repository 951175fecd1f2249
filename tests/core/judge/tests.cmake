# tests/core/judge/tests.cmake: the Judge view's core (papers.md §6, BetaConform): pmfs and the
# majority accuracy against closed forms and brute force, the MAP fits against grids, EM
# monotonicity, stopping, transfer, and the recovery simulation of §6(f).
assay_add_test_executable(assay_tests_judge core
  judge/beta_binomial_test.cpp
  judge/estimators_test.cpp
  judge/stopping_test.cpp
  judge/transfer_test.cpp
  judge/recovery_test.cpp
  judge/demo_test.cpp
  judge/votes_test.cpp
  judge/analysis_test.cpp
  judge/stopping_coverage_test.cpp)
target_link_libraries(assay_tests_judge PRIVATE assay_core)
