# tests/core/tokens/io_tests.cmake (see tests.cmake).
