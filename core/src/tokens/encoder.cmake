# core/src/tokens/encoder.cmake: a vision encoder (TorchScript, core/src/script) applied to a
# prepared image. No LibTorch call here: ScriptModule crosses into the module.
target_sources(assay_core PRIVATE ${CMAKE_CURRENT_LIST_DIR}/image_encoder.cpp)
