// ViewBase is an interface; this file gives moc's output a home in the library.
#include "views/common/view_base.h"
