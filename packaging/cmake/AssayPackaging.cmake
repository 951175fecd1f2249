# Installation layout, desktop integration, man pages and the Debian package (CPack DEB):
#   cmake --build build --target package   →   build/assay_<version>_amd64.deb
include(GNUInstallDirs)
set(ASSAY_LINUX_DIR ${PROJECT_SOURCE_DIR}/packaging/linux)
set(ASSAY_APP_ID org.assay.Assay)

# Desktop entry, MIME type for .assay sessions, AppStream metainfo, icons.
install(FILES ${ASSAY_LINUX_DIR}/${ASSAY_APP_ID}.desktop DESTINATION ${CMAKE_INSTALL_DATADIR}/applications)
install(FILES ${ASSAY_LINUX_DIR}/${ASSAY_APP_ID}.xml DESTINATION ${CMAKE_INSTALL_DATADIR}/mime/packages)
configure_file(${ASSAY_LINUX_DIR}/${ASSAY_APP_ID}.metainfo.xml
               ${CMAKE_CURRENT_BINARY_DIR}/packaging/${ASSAY_APP_ID}.metainfo.xml @ONLY)
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/packaging/${ASSAY_APP_ID}.metainfo.xml
        DESTINATION ${CMAKE_INSTALL_DATADIR}/metainfo)
install(FILES ${PROJECT_SOURCE_DIR}/resources/icons/assay.svg
        DESTINATION ${CMAKE_INSTALL_DATADIR}/icons/hicolor/scalable/apps RENAME ${ASSAY_APP_ID}.svg)
foreach(size 16 32 48 64 128 256)
  install(FILES ${ASSAY_LINUX_DIR}/icons/assay-${size}.png
          DESTINATION ${CMAKE_INSTALL_DATADIR}/icons/hicolor/${size}x${size}/apps RENAME ${ASSAY_APP_ID}.png)
endforeach()

# The capture helpers users copy into their scripts.
install(FILES ${PROJECT_SOURCE_DIR}/resources/python/assay_safetensors.py
              ${PROJECT_SOURCE_DIR}/resources/python/capture_calibration.py
              ${PROJECT_SOURCE_DIR}/resources/python/capture_clip_features.py
              ${PROJECT_SOURCE_DIR}/resources/python/capture_moe_trace.py
        DESTINATION ${CMAKE_INSTALL_DATADIR}/assay/python)

# Documentation: README, Debian copyright and changelog (gzip -n: no timestamp in the archive).
set(ASSAY_DOC_DIR ${CMAKE_INSTALL_DATADIR}/doc/assay)
install(FILES ${PROJECT_SOURCE_DIR}/README.md DESTINATION ${ASSAY_DOC_DIR})
install(FILES ${PROJECT_SOURCE_DIR}/packaging/debian/copyright DESTINATION ${ASSAY_DOC_DIR})
configure_file(${PROJECT_SOURCE_DIR}/packaging/debian/changelog.in ${CMAKE_CURRENT_BINARY_DIR}/packaging/changelog @ONLY)
add_custom_command(OUTPUT ${CMAKE_CURRENT_BINARY_DIR}/packaging/changelog.gz
  COMMAND gzip -9 -n -c ${CMAKE_CURRENT_BINARY_DIR}/packaging/changelog > ${CMAKE_CURRENT_BINARY_DIR}/packaging/changelog.gz
  DEPENDS ${CMAKE_CURRENT_BINARY_DIR}/packaging/changelog VERBATIM)

# Man pages from the programs' own --help (packaging/cmake/make_manpage.cmake).
set(man_dir ${CMAKE_CURRENT_BINARY_DIR}/packaging/man)
file(MAKE_DIRECTORY ${man_dir})
add_custom_command(OUTPUT ${man_dir}/assay-run.1.gz
  COMMAND ${CMAKE_COMMAND} -DPROGRAM=$<TARGET_FILE:assay-run> -DNAME=assay-run
          "-DSUMMARY=run Assay's analyses without a window" -DOUT=${man_dir}/assay-run.1.gz
          -P ${PROJECT_SOURCE_DIR}/packaging/cmake/make_manpage.cmake
  DEPENDS assay-run ${PROJECT_SOURCE_DIR}/packaging/cmake/make_manpage.cmake VERBATIM)
add_custom_command(OUTPUT ${man_dir}/assay.1.gz
  COMMAND ${CMAKE_COMMAND} -DPROGRAM=$<TARGET_FILE:assay> -DNAME=assay -DCOMMAND=render
          "-DSUMMARY=a workbench for inspecting how large models behave" -DOUT=${man_dir}/assay.1.gz
          -P ${PROJECT_SOURCE_DIR}/packaging/cmake/make_manpage.cmake
  DEPENDS assay ${PROJECT_SOURCE_DIR}/packaging/cmake/make_manpage.cmake VERBATIM)
add_custom_target(assay_package_files ALL DEPENDS
  ${man_dir}/assay-run.1.gz ${man_dir}/assay.1.gz ${CMAKE_CURRENT_BINARY_DIR}/packaging/changelog.gz)
install(FILES ${man_dir}/assay.1.gz ${man_dir}/assay-run.1.gz DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/packaging/changelog.gz DESTINATION ${ASSAY_DOC_DIR})

# The Debian package. Runtime dependencies: dpkg-shlibdeps computes the libraries; the BLAS
# implementation is a run-time choice LibTorch's libblas.so.3 does not name, so it is listed.
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME assay)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_PACKAGE_VENDOR "The Assay developers")
set(CPACK_PACKAGE_CONTACT "The Assay developers <assay@example.org>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "workbench for inspecting how large models behave")
# CPack writes the summary as the synopsis and indents these lines as the extended description.
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION "Assay is a desktop workbench for researchers, authors and teachers who
inspect large models: split-conformal calibration with SConU selective
answering (coverage and set-size curves, conformal p-values, cross-domain
heatmaps, size-stratified miscoverage) and mixture-of-experts routing
(expert co-activation graphs, collaboration-constrained routing, expert
placement and all-to-all volume). Every view has a demo
and a guided tour; every figure exports to PNG, PDF, SVG and CSV, also from
the command line (assay render, assay-run).")
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION science)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_HOMEPAGE "https://example.org/assay")
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "libopenblas0-pthread | libblas3")
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
set(CPACK_STRIP_FILES ON)
set(CPACK_SOURCE_IGNORE_FILES "/build.*/;/\\\\.git/")
include(CPack)
