# core/src/tokens/base.cmake: the Token windows view's file readers, in assay_core_base (no
# LibTorch; the fuzz build links them): images (libpng, libjpeg-turbo) and patch features.
find_package(PNG REQUIRED)
find_package(JPEG REQUIRED)
target_link_libraries(assay_core_base PRIVATE PNG::PNG JPEG::JPEG)
target_sources(assay_core_base PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/image_decode.cpp
  ${CMAKE_CURRENT_LIST_DIR}/image_prepare.cpp
  ${CMAKE_CURRENT_LIST_DIR}/image_resize.cpp
  ${CMAKE_CURRENT_LIST_DIR}/patch_features.cpp
  ${CMAKE_CURRENT_LIST_DIR}/patch_grid.cpp
  ${CMAKE_CURRENT_LIST_DIR}/patch_layout.cpp)
