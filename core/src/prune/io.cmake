# core/src/prune/io.cmake (see sources.cmake)
