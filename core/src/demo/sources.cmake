target_sources(assay_core PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/calibration_demo.cpp
  ${CMAKE_CURRENT_LIST_DIR}/judge_demo.cpp
  ${CMAKE_CURRENT_LIST_DIR}/moe_demo.cpp
  ${CMAKE_CURRENT_LIST_DIR}/moe_demo_io.cpp)
