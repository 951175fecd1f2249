# tests/core/tokens/demo_tests.cmake (see tests.cmake).
