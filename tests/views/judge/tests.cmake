# The Judge view on its demo (simulated ensemble, seconds): the figures against core's numbers
# and brute-force counts, the guide step by step with its claims, a votes table opened and bad
# ones refused with nothing lost.
assay_add_test_executable(assay_tests_view_judge views common/test_main.cpp
  judge/judge_view_test.cpp)
target_link_libraries(assay_tests_view_judge PRIVATE assay_view_judge assay_core)
