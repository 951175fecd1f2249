# tests/core/tokens/analysis_tests.cmake (see tests.cmake).
