# sources of area io: tensor files (safetensors, .npy, .npz), tables, atomic writes, hashes
target_sources(assay_core_base PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/atomic_write.cpp
  ${CMAKE_CURRENT_LIST_DIR}/chunked_reader.cpp
  ${CMAKE_CURRENT_LIST_DIR}/csv_parse.cpp
  ${CMAKE_CURRENT_LIST_DIR}/dtype.cpp
  ${CMAKE_CURRENT_LIST_DIR}/hidden_states.cpp
  ${CMAKE_CURRENT_LIST_DIR}/hash_cache.cpp
  ${CMAKE_CURRENT_LIST_DIR}/jsonl_parse.cpp
  ${CMAKE_CURRENT_LIST_DIR}/mapped_file.cpp
  ${CMAKE_CURRENT_LIST_DIR}/npy_parse.cpp
  ${CMAKE_CURRENT_LIST_DIR}/npz_archive.cpp
  ${CMAKE_CURRENT_LIST_DIR}/npz_write.cpp
  ${CMAKE_CURRENT_LIST_DIR}/safetensors_parse.cpp
  ${CMAKE_CURRENT_LIST_DIR}/safetensors_stream_write.cpp
  ${CMAKE_CURRENT_LIST_DIR}/safetensors_write.cpp
  ${CMAKE_CURRENT_LIST_DIR}/sha256_digest.cpp
  ${CMAKE_CURRENT_LIST_DIR}/table.cpp
  ${CMAKE_CURRENT_LIST_DIR}/table_builder.cpp
  ${CMAKE_CURRENT_LIST_DIR}/tensor_convert.cpp
  ${CMAKE_CURRENT_LIST_DIR}/tensor_file.cpp)
