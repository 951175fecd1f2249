#pragma once
// The one list of the views the app offers, in sidebar order. A new view adds one line to
// view_list.cpp; everything else the app needs comes with its ViewEntry.
namespace assay::views {
class ViewRegistry;
}  // namespace assay::views

namespace assay::app {

void registerViews(views::ViewRegistry& registry);

}  // namespace assay::app
