# Inversion (core/explain) tests, one program per part so parts build apart.
include(${CMAKE_CURRENT_LIST_DIR}/shap_tests.cmake)
include(${CMAKE_CURRENT_LIST_DIR}/lime_tests.cmake)
include(${CMAKE_CURRENT_LIST_DIR}/iq_tests.cmake)
