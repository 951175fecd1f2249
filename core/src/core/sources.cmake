target_sources(assay_core_base PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/error.cpp
  ${CMAKE_CURRENT_LIST_DIR}/random.cpp)
# Sharded runs: the split of rows and the partial results' header (JSON, so in assay_core).
target_sources(assay_core_base PRIVATE ${CMAKE_CURRENT_LIST_DIR}/shard.cpp)
# Sums across the ranks of an MPI run (-DASSAY_MPI=ON), or one process without MPI.
if(ASSAY_MPI)
  target_sources(assay_core_base PRIVATE ${CMAKE_CURRENT_LIST_DIR}/collective_mpi.cpp)
  target_link_libraries(assay_core_base PRIVATE MPI::MPI_CXX)
else()
  target_sources(assay_core_base PRIVATE ${CMAKE_CURRENT_LIST_DIR}/collective_single.cpp)
endif()
# partial_result.cpp is listed in torch/sources.cmake (assay_core is declared after this file).
