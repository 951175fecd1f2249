# The Judge view's core (papers.md §6, BetaConform), core/include/assay/judge, plain C++17:
# Beta-Binomial pmfs and the majority-vote accuracy (beta_binomial.h), the four estimators and
# the MAP fits (estimators.h), adaptive stopping (stopping.h), prior transfer (transfer.h), the
# error-margin simulation (error_margin.h) and seeded draws from the model (simulate.h).
target_sources(assay_core PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/beta_binomial.cpp
  ${CMAKE_CURRENT_LIST_DIR}/estimators.cpp
  ${CMAKE_CURRENT_LIST_DIR}/map_fit.cpp
  ${CMAKE_CURRENT_LIST_DIR}/stopping.cpp
  ${CMAKE_CURRENT_LIST_DIR}/transfer.cpp
  ${CMAKE_CURRENT_LIST_DIR}/error_margin.cpp
  ${CMAKE_CURRENT_LIST_DIR}/simulate.cpp
  ${CMAKE_CURRENT_LIST_DIR}/votes.cpp
  ${CMAKE_CURRENT_LIST_DIR}/judge_json.cpp
  ${CMAKE_CURRENT_LIST_DIR}/judge_analysis.cpp)
