# tests/core/prune/demo_tests.cmake
