# core/src/script: TorchScript modules run by core (core/script_module.h), shared by the Token
# windows view's encoders and the Inversion view's models. The LibTorch part goes to the module
# through assay_torch_sources().
target_sources(assay_core PRIVATE ${CMAKE_CURRENT_LIST_DIR}/script_module.cpp)
assay_torch_sources(${CMAKE_CURRENT_LIST_DIR}/script_torch.cpp)
