# tests/core/prune/engine_tests.cmake
