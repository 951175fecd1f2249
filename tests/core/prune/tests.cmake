# Pruning core tests, one program per part (io, engine, demo) so the parts build apart.
assay_add_test_executable(assay_tests_prune_names core prune/criteria_names_test.cpp)
target_link_libraries(assay_tests_prune_names PRIVATE assay_core)
include(${CMAKE_CURRENT_LIST_DIR}/io_tests.cmake)
include(${CMAKE_CURRENT_LIST_DIR}/engine_tests.cmake)
include(${CMAKE_CURRENT_LIST_DIR}/demo_tests.cmake)
