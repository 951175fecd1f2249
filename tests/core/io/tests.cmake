# Loader tests: tensor files, tables, hashes, atomic writes, and files written from Python.
assay_add_test_executable(assay_tests_io core
  io/atomic_write_test.cpp
  io/chunked_reader_test.cpp
  io/hash_cache_test.cpp
  io/npy_test.cpp
  io/python_interop_test.cpp
  io/safetensors_test.cpp
  io/sha256_atomic_test.cpp
  io/table_test.cpp)
# libzip only to build .npz fixtures in the test itself.
target_link_libraries(assay_tests_io PRIVATE assay_core_base PkgConfig::LIBZIP)
