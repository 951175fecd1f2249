# Probes core tests, one program per part (io, fit, analysis, demo) so parts build apart.
include(${CMAKE_CURRENT_LIST_DIR}/io_tests.cmake)
include(${CMAKE_CURRENT_LIST_DIR}/fit_tests.cmake)
include(${CMAKE_CURRENT_LIST_DIR}/analysis_tests.cmake)
include(${CMAKE_CURRENT_LIST_DIR}/demo_tests.cmake)
