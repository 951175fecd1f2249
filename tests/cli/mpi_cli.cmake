# Runs on a cluster: the README's Slurm scripts (array job + merge everywhere; the MPI job where
# assay-run is built with -DASSAY_MPI=ON, as CI's sanitizer tree is), and assay-run --mpi under
# mpirun -n 1, 2, 3 against one process.
set(assay_mpirun "")
if(ASSAY_MPI)
  set(assay_mpirun ${MPIEXEC_EXECUTABLE})
endif()
add_test(NAME cli.slurm_scripts_as_written
  COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/slurm_script_test.sh ${CMAKE_CURRENT_BINARY_DIR}/slurm
          $<TARGET_FILE_DIR:assay-run> ${PROJECT_SOURCE_DIR} ${assay_mpirun})
set_tests_properties(cli.slurm_scripts_as_written PROPERTIES LABELS cli)
# Mass-mean directions: NumPy, merged shards and (with MPI) ranks agree.
add_test(NAME cli.directions_shards_and_ranks
  COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/directions_cli_test.sh ${CMAKE_CURRENT_BINARY_DIR}/directions
          $<TARGET_FILE:assay-run> ${PROJECT_SOURCE_DIR} ${assay_mpirun})
set_tests_properties(cli.directions_shards_and_ranks PROPERTIES LABELS cli)
if(ASSAY_MPI)
  add_test(NAME cli.mpi_coactivation_agrees_with_one_process
    COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/mpi_cli_test.sh ${CMAKE_CURRENT_BINARY_DIR}/mpi
            $<TARGET_FILE:assay-run> ${MPIEXEC_EXECUTABLE} ${PROJECT_SOURCE_DIR})
  # OpenMPI's plugins are built without frame pointers: LeakSanitizer needs the slow unwinder to
  # see that a report's stack runs through them (packaging/lsan.supp suppresses those).
  set_tests_properties(cli.mpi_coactivation_agrees_with_one_process
                       cli.slurm_scripts_as_written cli.directions_shards_and_ranks PROPERTIES
    ENVIRONMENT_MODIFICATION "LSAN_OPTIONS=string_append::fast_unwind_on_malloc=0")
  set_tests_properties(cli.mpi_coactivation_agrees_with_one_process PROPERTIES LABELS cli)
else()
  # Without MPI, --mpi is refused with how to build it.
  add_test(NAME cli.mpi_refused_without_mpi_build
    COMMAND sh -c "\"$0\" coactivation --mpi --trace \"$1\" --out \"$2/never.json\" 2>\"$2/mpi_err.txt\"; test $? -eq 2 && grep -q ASSAY_MPI \"$2/mpi_err.txt\" && test ! -e \"$2/never.json\""
            $<TARGET_FILE:assay-run> ${PROJECT_SOURCE_DIR}/README.md ${CMAKE_CURRENT_BINARY_DIR})
  set_tests_properties(cli.mpi_refused_without_mpi_build PROPERTIES LABELS cli)
endif()
