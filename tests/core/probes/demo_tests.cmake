# tests/core/probes/demo_tests.cmake (see tests.cmake). Owner: the demo part.
