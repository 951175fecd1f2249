# Every third-party package is found here, once. Debian 12 packages: packaging/debian-packages.txt.
find_package(Threads REQUIRED)
find_package(nlohmann_json 3.10 REQUIRED)
find_package(CLI11 REQUIRED)
find_package(PkgConfig REQUIRED)
pkg_check_modules(LIBZIP REQUIRED IMPORTED_TARGET libzip)
# SHA-256 of inputs for provenance (libssl-dev): libcrypto uses the CPU's SHA instructions.
find_package(OpenSSL 3 REQUIRED COMPONENTS Crypto)

# LibTorch: Debian's libtorch-dev here, PyTorch's bundled one on GPU nodes
# (-DCMAKE_PREFIX_PATH=$(python3 -c 'import torch;print(torch.utils.cmake_prefix_path)')).
find_package(Torch REQUIRED)
set(ASSAY_TORCH_HAS_CUDA OFF)
if(TARGET torch_cuda OR TORCH_CUDA_LIBRARIES OR CAFFE2_USE_CUDA)
  set(ASSAY_TORCH_HAS_CUDA ON)
endif()
message(STATUS "Assay: LibTorch ${Torch_VERSION}, CUDA in LibTorch: ${ASSAY_TORCH_HAS_CUDA}")

if(ASSAY_GUI)
  find_package(Qt6 6.2 REQUIRED COMPONENTS Widgets OpenGLWidgets Concurrent Svg PrintSupport Test)
  find_package(QCustomPlotQt6 REQUIRED)
  pkg_check_modules(IMGUI REQUIRED IMPORTED_TARGET imgui)
  # Dear ImGui's OpenGL 3 backend ships as source (and its loader header) with libimgui-dev.
  find_file(ASSAY_IMGUI_OPENGL3_BACKEND imgui_impl_opengl3.cpp
            PATHS /usr/share/doc/libimgui-dev/examples/backends NO_DEFAULT_PATH)
  find_path(ASSAY_IMGUI_BACKENDS_INCLUDE imgui_impl_opengl3_loader.h
            PATHS ${IMGUI_INCLUDE_DIRS} PATH_SUFFIXES backends)
  if(NOT ASSAY_IMGUI_OPENGL3_BACKEND OR NOT ASSAY_IMGUI_BACKENDS_INCLUDE)
    message(FATAL_ERROR "Dear ImGui's OpenGL 3 backend (imgui_impl_opengl3.cpp and its loader "
                        "header) was not found: install libimgui-dev")
  endif()
endif()

if(ASSAY_TESTS)
  find_package(GTest REQUIRED)
  include(GoogleTest)
endif()

if(ASSAY_MPI)
  # Debian's OpenMPI (libopenmpi-dev; openmpi-bin has mpirun). The C API is all Assay uses,
  # called from C++ (the project enables no C): the CXX component without the C++ bindings.
  set(MPI_CXX_SKIP_MPICXX ON)
  find_package(MPI REQUIRED COMPONENTS CXX)
endif()
