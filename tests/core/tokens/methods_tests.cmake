# tests/core/tokens/methods_tests.cmake (see tests.cmake).
