# tests/core/prune/io_tests.cmake
