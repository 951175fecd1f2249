# The kernels are compiled whenever nvcc exists (CI catches breakage); they are linked and
# dispatched to only when LibTorch has CUDA too.
if(ASSAY_HAVE_NVCC)
  add_library(assay_cuda_kernels STATIC ${CMAKE_CURRENT_LIST_DIR}/count_at_least.cu
    ${CMAKE_CURRENT_LIST_DIR}/coactivation.cu)
  target_include_directories(assay_cuda_kernels PRIVATE ${CMAKE_CURRENT_LIST_DIR}/..)
  set_target_properties(assay_cuda_kernels PROPERTIES POSITION_INDEPENDENT_CODE ON)
endif()
if(ASSAY_HAVE_NVCC AND ASSAY_TORCH_HAS_CUDA)
  find_package(CUDAToolkit REQUIRED)
  target_sources(assay_core PRIVATE ${CMAKE_CURRENT_LIST_DIR}/cuda_dispatch.cpp)
  target_link_libraries(assay_core PRIVATE assay_cuda_kernels CUDA::cudart)
  target_compile_definitions(assay_core PRIVATE ASSAY_WITH_CUDA=1)
else()
  target_sources(assay_core PRIVATE ${CMAKE_CURRENT_LIST_DIR}/cuda_unavailable.cpp)
endif()
target_include_directories(assay_core PRIVATE ${CMAKE_CURRENT_LIST_DIR}/..)
