# Benchmarks: plain timer executables, not part of ctest (they take seconds and compare against an
# external NumPy). Run them with the custom target `bench`, or directly:
#   cmake --build build --target bench_conformal && build/tests/bench/bench_conformal
set(ASSAY_BENCH_PYTHON "/usr/bin/python3" CACHE FILEPATH
    "Python with NumPy that runs the benchmarks' reference scripts")

add_executable(bench_conformal bench_conformal.cpp)
target_link_libraries(bench_conformal PRIVATE assay_core)
target_compile_definitions(bench_conformal PRIVATE
  ASSAY_BENCH_PYTHON="${ASSAY_BENCH_PYTHON}"
  ASSAY_BENCH_REFERENCE_SCRIPT="${CMAKE_CURRENT_SOURCE_DIR}/conformal_reference.py"
  ASSAY_BENCH_CONFORMAL_USER="${CMAKE_CURRENT_SOURCE_DIR}/conformal_user_script.py"
  ASSAY_BENCH_ASSAY_RUN="$<TARGET_FILE:assay-run>")
add_dependencies(bench_conformal assay-run)
assay_target_defaults(bench_conformal)
add_executable(bench_coactivation bench_coactivation.cpp)
target_link_libraries(bench_coactivation PRIVATE assay_core)
target_compile_definitions(bench_coactivation PRIVATE ASSAY_BENCH_PYTHON="${ASSAY_BENCH_PYTHON}"
  ASSAY_BENCH_COACTIVATION_SCRIPT="${CMAKE_CURRENT_SOURCE_DIR}/bench_coactivation_reference.py"
  ASSAY_BENCH_COACTIVATION_USER="${CMAKE_CURRENT_SOURCE_DIR}/coactivation_user_script.py"
  ASSAY_BENCH_ASSAY_RUN="$<TARGET_FILE:assay-run>")
add_dependencies(bench_coactivation assay-run)
assay_target_defaults(bench_coactivation)

add_custom_target(bench
  COMMAND bench_conformal
  DEPENDS bench_conformal
  WORKING_DIRECTORY ${CMAKE_CURRENT_BINARY_DIR}
  COMMENT "Running bench_conformal (Assay vs NumPy)"
  USES_TERMINAL)
add_executable(bench_pruning bench_pruning.cpp)
target_link_libraries(bench_pruning PRIVATE assay_core)
target_compile_definitions(bench_pruning PRIVATE ASSAY_BENCH_PYTHON="${ASSAY_BENCH_PYTHON}"
  ASSAY_BENCH_PRUNING_SCRIPT="${CMAKE_CURRENT_SOURCE_DIR}/bench_pruning_reference.py")
assay_target_defaults(bench_pruning)
# Strong scaling over 1 and 2 workers (array-job shards + merge; MPI ranks when
# ASSAY_BENCH_MPI_ASSAY_RUN names an -DASSAY_MPI=ON assay-run).
add_executable(bench_scaling bench_scaling.cpp)
target_link_libraries(bench_scaling PRIVATE assay_core)
target_compile_definitions(bench_scaling PRIVATE ASSAY_BENCH_ASSAY_RUN="$<TARGET_FILE:assay-run>")
add_dependencies(bench_scaling assay-run)
assay_target_defaults(bench_scaling)
