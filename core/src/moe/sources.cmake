target_sources(assay_core PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/trace_loader.cpp
  ${CMAKE_CURRENT_LIST_DIR}/coactivation.cpp
  ${CMAKE_CURRENT_LIST_DIR}/coactivation_cpu.cpp
  ${CMAKE_CURRENT_LIST_DIR}/coactivation_normalise.cpp
  ${CMAKE_CURRENT_LIST_DIR}/expert_stats.cpp
  ${CMAKE_CURRENT_LIST_DIR}/domain_stats.cpp
  ${CMAKE_CURRENT_LIST_DIR}/c2r_routing.cpp
  ${CMAKE_CURRENT_LIST_DIR}/c2r_analysis.cpp
  ${CMAKE_CURRENT_LIST_DIR}/placement.cpp
  ${CMAKE_CURRENT_LIST_DIR}/graph_layout.cpp
  ${CMAKE_CURRENT_LIST_DIR}/experts_analysis.cpp
  ${CMAKE_CURRENT_LIST_DIR}/collaboration_file.cpp
  ${CMAKE_CURRENT_LIST_DIR}/coactivation_result.cpp
  ${CMAKE_CURRENT_LIST_DIR}/collaboration_analysis.cpp
  ${CMAKE_CURRENT_LIST_DIR}/collaboration_export.cpp
  ${CMAKE_CURRENT_LIST_DIR}/graph_edges.cpp)
